package chatdata

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// QualityPrompt is one line of the chat-quality set
// (prompts/chat_quality.jsonl).
type QualityPrompt struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"` // "story", "greeting", "identity" or "smalltalk"
	Prompt string `json:"prompt"`
	// Subject is what a story must mention ("fox"; "|" separates accepted
	// alternatives: "rabbit|bunny"); story prompts only.
	Subject string `json:"subject,omitempty"`
	// Name is the hero's name when the prompt gives one; a story must
	// mention it too.
	Name string `json:"name,omitempty"`
}

// Terms is the subject argument of Judge for p: "fox,Rusty".
func (p QualityPrompt) Terms() string {
	if p.Name == "" {
		return p.Subject
	}
	return p.Subject + "," + p.Name
}

// Judge scores reply as an answer to p (the package-level Judge).
func (p QualityPrompt) Judge(reply string) (ok bool, why string) {
	return Judge(p.Kind, p.Terms(), reply)
}

// LoadQualityPrompts reads a chat-quality prompt file. Every line needs
// an id, a prompt and a kind Judge knows; story lines need a subject.
// Errors name the file and line.
func LoadQualityPrompts(path string) ([]QualityPrompt, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []QualityPrompt
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var p QualityPrompt
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, line, err)
		}
		switch {
		case p.ID == "" || p.Prompt == "":
			return nil, fmt.Errorf("%s:%d: missing id or prompt", path, line)
		case seen[p.ID]:
			return nil, fmt.Errorf("%s:%d: duplicate id %q", path, line, p.ID)
		case p.Kind == KindStory && p.Subject == "":
			return nil, fmt.Errorf("%s:%d: story prompt %s has no subject", path, line, p.ID)
		case p.Kind != KindStory && p.Kind != KindGreeting && p.Kind != KindIdentity && p.Kind != KindSmallTalk && p.Kind != KindFeelings:
			return nil, fmt.Errorf("%s:%d: unknown kind %q", path, line, p.Kind)
		}
		seen[p.ID] = true
		out = append(out, p)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}
