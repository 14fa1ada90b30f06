package gen

import (
	"fmt"
	"strings"

	"trigo/engine/chatdata"
	"trigo/engine/model"
)

// Chat is a multi-turn conversation with a chat model on engine/chatdata's
// template ("<user> TEXT\n<assistant> TEXT\n…"). Each Send renders the
// history, appends the new user turn and "<assistant> ", and generates
// until the model ends its turn with "\n". The decoder keeps the
// conversation in its cache, so a turn only reads the new bytes.
//
//	c := gen.NewChat(lm.NewDecoder(model.DecodeOptions{}), gen.Options{})
//	reply, _, err := c.Send("what is the moon?")
type Chat struct {
	// Decoder runs the model.
	Decoder *model.Decoder
	// History holds the turns so far (user, assistant, user, …).
	History []chatdata.Turn
	// Options apply to every reply; "\n" (chatdata.EndOfTurn) is always a
	// stop string, and Seed is offset by the turn number.
	Options Options
}

// DefaultChatMaxBytes is a reply's byte budget when Options.MaxNewBytes is 0.
const DefaultChatMaxBytes = 400

// NewChat starts an empty conversation.
func NewChat(d *model.Decoder, opt Options) *Chat {
	return &Chat{Decoder: d, Options: opt}
}

// Reset forgets the conversation.
func (c *Chat) Reset() { c.History = nil }

// Send adds a user message, generates the assistant's reply (streamed to
// Options.OnText, if set) and appends both turns to the history. Newlines
// in msg become spaces (a newline would end the turn). When the
// conversation no longer fits the context window with room for a reply,
// the oldest exchanges are dropped (a notice in the Result says so).
func (c *Chat) Send(msg string) (reply string, res *Result, err error) {
	msg = strings.TrimSpace(strings.ReplaceAll(msg, chatdata.EndOfTurn, " "))
	if msg == "" {
		return "", nil, fmt.Errorf("gen: empty chat message")
	}
	opt := c.Options
	if opt.MaxNewBytes == 0 {
		opt.MaxNewBytes = DefaultChatMaxBytes
	}
	opt.Seed += uint64(len(c.History) / 2)
	opt.Stop = append([]string{chatdata.EndOfTurn}, opt.Stop...)
	turns := append(append([]chatdata.Turn(nil), c.History...), chatdata.Turn{Role: chatdata.RoleUser, Text: msg})
	// Room for the reply: a quarter of the window (at least 32 bytes).
	room := max(c.Decoder.MaxLen()-max(c.Decoder.MaxLen()/4, 32), 1)
	dropped := 0
	var prompt []byte
	for {
		if prompt, err = chatdata.Prompt(turns); err != nil {
			return "", nil, fmt.Errorf("gen: %w", err)
		}
		if len(prompt) <= room || len(turns) <= 1 {
			break
		}
		turns = turns[2:] // the oldest user/assistant exchange
		dropped += 2
	}
	res, err = Generate(c.Decoder, prompt, opt)
	if res == nil {
		return "", nil, err
	}
	if dropped > 0 {
		res.Notices = append(res.Notices, fmt.Sprintf("the conversation is longer than the %d-byte context window: the model no longer sees the oldest %d turns", c.Decoder.MaxLen(), dropped))
	}
	reply = chatdata.Reply(res.Text)
	if err == nil {
		c.History = append(c.History, chatdata.Turn{Role: chatdata.RoleUser, Text: msg},
			chatdata.Turn{Role: chatdata.RoleAssistant, Text: reply})
	}
	return reply, res, err
}

// Ask answers one message in a fresh conversation: chatdata.UserPrompt,
// generation to the end of the turn, chatdata.Reply.
func Ask(d *model.Decoder, msg string, opt Options) (string, *Result, error) {
	return NewChat(d, opt).Send(msg)
}
