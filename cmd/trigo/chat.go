package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"trigo/engine/gen"
	"trigo/engine/interrupt"
	"trigo/engine/model"
)

func init() {
	register("chat", "chat with a chat checkpoint: one answer, or an interactive session", runChat)
}

func runChat(args []string) error {
	fs := flag.NewFlagSet("trigo chat", flag.ContinueOnError)
	g := addGenFlags(fs, gen.DefaultChatMaxBytes, 0, 0)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: trigo chat [--ckpt FILE] [flags] [MESSAGE...]\n\n"+
			"With a MESSAGE, prints the model's answer and exits. Without one, starts an interactive\n"+
			"multi-turn session: type a message and Enter; the reply streams as it is generated.\n"+
			"/reset forgets the conversation, /quit or Ctrl-D ends; Ctrl-C stops a reply.\n"+
			"Default checkpoint: the shipped chat model in checkpoints/ (MANIFEST.json, stage\n"+
			"abstain-sft or chat-sft). Defaults: greedy decoding, replies end at the newline that\n"+
			"closes the assistant's turn (chat template: docs/chat.md).\n\nflags:")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := g.check(); err != nil {
		return err
	}
	lm, err := g.load()
	if err != nil {
		return err
	}
	if st := lm.Stage(); st != "chat-sft" && st != "abstain-sft" {
		fmt.Fprintf(os.Stderr, "note: %s has stage %q, not a chat stage (chat-sft, abstain-sft): it was not trained on the chat template\n", lm.Path, st)
	}
	d := lm.NewDecoder(model.DecodeOptions{Threads: g.decodeThreads()})
	defer d.Close()
	opt := g.options()
	opt.OnText = func(s string) { os.Stdout.WriteString(strings.ToValidUTF8(s, "\uFFFD")) }
	c := gen.NewChat(d, opt)
	defer catchInterrupt()()

	if msg := strings.Join(fs.Args(), " "); strings.TrimSpace(msg) != "" {
		_, err := say(c, msg, *g.stats)
		return err
	}
	fmt.Fprintf(os.Stderr, "chatting with %s\n/reset forgets the conversation, /quit or Ctrl-D ends, Ctrl-C stops a reply\n", lm.Describe())
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 64<<10), 1<<20)
	for {
		fmt.Print("you> ")
		if !in.Scan() {
			fmt.Println()
			return in.Err()
		}
		line := strings.TrimSpace(in.Text())
		switch line {
		case "":
			continue
		case "/quit", "/exit":
			return nil
		case "/reset":
			c.Reset()
			fmt.Fprintln(os.Stderr, "(conversation cleared)")
			continue
		}
		fmt.Print("bot> ")
		if _, err := say(c, line, *g.stats); err != nil {
			return err
		}
	}
}

// say sends one message, streaming the reply; an interrupt ends the reply
// only.
func say(c *gen.Chat, msg string, stats bool) (string, error) {
	generating.Store(true)
	reply, res, err := c.Send(msg)
	generating.Store(false)
	fmt.Println()
	if res != nil {
		printNotices(res)
		if stats {
			printStats(res)
		}
	}
	if errors.Is(err, interrupt.ErrInterrupted) {
		interrupt.Reset()
		fmt.Fprintln(os.Stderr, "(reply interrupted)")
		return reply, nil
	}
	return reply, err
}
