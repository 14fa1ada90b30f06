package metacog

import (
	"fmt"
	"path/filepath"
	"strings"

	"trigo/engine/chatdata"
	"trigo/engine/data"
	"trigo/engine/model"
	"trigo/engine/train"
)

// MaxStoryReply bounds the replies of claim 5: long enough for a whole
// short story (the chat data's stories are at most ~380 bytes).
const MaxStoryReply = 480

// The gates of claim 5 (issue 11): shares of replies judged in kind, and
// the largest allowed ratio of the chat model's story loss to its
// pretraining base's.
const (
	StoryGate      = 0.8
	OtherGate      = 0.8
	ForgettingGate = 1.15
)

// claimChatQuality asks the chat-quality set (prompts/chat_quality.jsonl)
// greedily, judges each reply with chatdata.Judge, and compares the
// story validation loss of the chat model with its pretraining base's.
func claimChatQuality(r *Result, o Options) error {
	qs, err := chatdata.LoadQualityPrompts(filepath.Join(o.Prompts, "chat_quality.jsonl"))
	if err != nil {
		return err
	}
	m := r.Ckpt.Model
	msgs := make([]string, len(qs))
	for i, q := range qs {
		msgs[i] = q.Prompt
	}
	replies := Replies(m, msgs, MaxStoryReply)
	var stories, storyOK, others, otherOK int
	var rows strings.Builder
	rows.WriteString("| id | kind | prompt | reply | in kind | why |\n|---|---|---|---|:-:|---|\n")
	for i, q := range qs {
		ok, why := q.Judge(replies[i])
		if q.Kind == "story" {
			stories++
			if ok {
				storyOK++
			}
		} else {
			others++
			if ok {
				otherOK++
			}
		}
		mark := ""
		if ok {
			mark = "yes"
		}
		fmt.Fprintf(&rows, "| %s | %s | `%s` | `%s` | %s | %s |\n", q.ID, q.Kind, mdCode(q.Prompt), mdCode(replies[i]), mark, mdCell(why))
	}
	storyShare := float64(storyOK) / float64(max(stories, 1))
	otherShare := float64(otherOK) / float64(max(others, 1))

	base, err := LoadCheckpoint(o.Base)
	if err != nil {
		return fmt.Errorf("base checkpoint: %w", err)
	}
	ds, err := data.Load(o.Data)
	if err != nil {
		return err
	}
	T := min(m.Spec.Context, base.Model.Spec.Context)
	storyWin := data.TextWindows(ds.Valid, 8, T)
	chatStory, baseStory := train.TextLoss(m, storyWin), train.TextLoss(base.Model, storyWin)
	ratio := chatStory / baseStory
	natChat, natBase, natNote := naturalLosses(m, base.Model, o.Natural, T)

	sp, op, fp := StoryGate <= storyShare, OtherGate <= otherShare, ratio <= ForgettingGate
	r.GatePass = sp && op && fp
	r.Gate = fmt.Sprintf("%s: stories on topic %d / %d = %.2f (gate ≥ %.2f, %s); other prompts in kind %d / %d = %.2f (gate ≥ %.2f, %s); story loss ratio to base %.3f (gate ≤ %.2f, %s)",
		passFail(r.GatePass), storyOK, stories, storyShare, StoryGate, passFail(sp), otherOK, others, otherShare, OtherGate, passFail(op),
		ratio, ForgettingGate, passFail(fp))
	var b strings.Builder
	fmt.Fprintf(&b, "Greedy replies (chat template, at most %d bytes, cut at the first newline) to `prompts/chat_quality.jsonl` "+
		"(%d story requests naming a subject, %d greetings, identity and small-talk prompts, written for this claim), "+
		"each judged by `chatdata.Judge`: a story is in kind when it is ≥ 150 bytes, not the abstain template, reads as a story "+
		"and names the asked subject (and name); a greeting, identity or small-talk reply when it answers in that kind.\n\n", MaxStoryReply, stories, others)
	fmt.Fprintf(&b, "## Forgetting\n\n| text | chat model | base `%s` | ratio |\n|---|---:|---:|---:|\n", base.Path)
	fmt.Fprintf(&b, "| `%s/valid.bin` (generated stories; nats/byte) | %.4f | %.4f | %.3f |\n", filepath.ToSlash(o.Data), chatStory, baseStory, ratio)
	if natNote == "" {
		fmt.Fprintf(&b, "| `%s` (hand-written stories; nats/byte) | %.4f | %.4f | %.3f |\n", filepath.ToSlash(o.Natural), natChat, natBase, natChat/natBase)
	}
	fmt.Fprintf(&b, "\nThe base is the pretraining checkpoint (`--base`); windows of %d bytes cover each text once (`data.TextWindows`).%s\n\n## Replies\n\n%s", T, natNote, rows.String())
	r.Body = b.String()
	r.add("chat.story_on_topic", float64(storyOK))
	r.add("chat.story_n", float64(stories))
	r.add("chat.other_in_kind", float64(otherOK))
	r.add("chat.other_n", float64(others))
	r.add("chat.story_loss", chatStory)
	r.add("chat.base_story_loss", baseStory)
	r.add("chat.forgetting_ratio", ratio)
	if natNote == "" {
		r.add("chat.natural_loss", natChat)
	}
	return nil
}

// naturalLosses evaluates the hand-written stories on both models; the
// note says why they are missing when the file is absent.
func naturalLosses(chat, base *model.Model, path string, T int) (c, b float64, note string) {
	es, err := train.TextEvalSet("natural", path, 8, T)
	if err != nil {
		return 0, 0, fmt.Sprintf(" The hand-written stories were not evaluated: %v.", err)
	}
	return train.TextLoss(chat, es.Batches), train.TextLoss(base, es.Batches), ""
}

// mdCode makes s safe inside a Markdown code span in a table cell.
func mdCode(s string) string {
	return strings.NewReplacer("`", "'", "|", "\\|", "\n", " ").Replace(s)
}
