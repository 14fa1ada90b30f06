package chatdata

import "testing"

func TestJudge(t *testing.T) {
	story := "Once upon a time, a little fox named Rusty lived in the forest. One day, Rusty found a red kite. The wind pulled it into a tree, and a kind owl helped Rusty get it down. The end."
	cases := []struct {
		kind, subject, reply string
		ok                   bool
	}{
		{"story", "fox,Rusty", story, true},
		{"story", "FOX", story, true},
		{"story", "foxes", story, true}, // plural in the prompt, singular in the story
		{"story", "kite", story, true},
		{"story", "bunny|rabbit", story, false},
		{"story", "fox,Pip", story, false},
		{"story", "fox", "Once upon a time there was a fox. The end.", false}, // too short
		{"story", "fox", AbstainTemplate + " " + story, false},
		{"story", "fox", "fox fox fox fox fox fox fox fox fox fox fox fox fox fox fox fox fox fox fox fox fox fox fox fox fox fox fox fox fox fox fox fox fox fox fox", false}, // no narrative
		{"story", "bunny", "Two bunnies played in the garden. They found a carrot under a leaf and shared it, bite by bite. Then they raced to the pond and back, laughing all the way home before dark.", true},
		{"story", "mouse", "Once upon a time, three mice lived in a barn. They were hungry, so they looked for cheese all day long and at last found a big piece by the old red door.", true},
		{"greeting", "", "hello! how are you today?", true},
		{"greeting", "", "goodbye! have a nice day.", true},
		{"greeting", "", "you are welcome!", true},
		{"greeting", "", "i like purple.", false},
		{"greeting", "", AbstainTemplate, false},
		{"greeting", "", "hi! " + story, false},
		{"identity", "", "i am a small byte-level model. i can chat and tell simple stories.", true},
		{"identity", "", "i can chat with you and tell short stories.", true},
		{"identity", "", "i like to play in the sun.", false},
		{"identity", "", AbstainTemplate, false},
		{"smalltalk", "", "i like blue. what is your favorite color?", true},
		{"smalltalk", "", "yes", false},
		{"smalltalk", "", story, false},
		{"smalltalk", "", AbstainTemplate, false},
		{"feelings", "", "i am sorry you feel sad. do you want to talk about it?", true},
		{"facts", "", AbstainTemplate, true},
		{"facts", "", "paris", false},
		{"poem", "", "roses are red", false},
	}
	for _, c := range cases {
		ok, why := Judge(c.kind, c.subject, c.reply)
		if ok != c.ok {
			t.Errorf("Judge(%q, %q, %.50q) = %v (%s), want %v", c.kind, c.subject, c.reply, ok, why, c.ok)
		}
		if !ok && why == "" {
			t.Errorf("Judge(%q, %q, %.50q) failed without saying why", c.kind, c.subject, c.reply)
		}
	}
}

func TestMentions(t *testing.T) {
	yes := [][2]string{{"The Fox ran.", "fox"}, {"two foxes", "fox"}, {"the bunnies", "bunny"}, {"mice!", "mouse"},
		{"a mouse", "mice"}, {"Rusty's kite", "rusty"}, {"a red kite", "red kite"}, {"Pip-Pip", "pip"}}
	no := [][2]string{{"the foxglove", "fox"}, {"a cat", "fox"}, {"kitten", "kite"}, {"red and a kite", "red kite"}}
	for _, c := range yes {
		if !Mentions(c[0], c[1]) {
			t.Errorf("Mentions(%q, %q) = false", c[0], c[1])
		}
	}
	for _, c := range no {
		if Mentions(c[0], c[1]) {
			t.Errorf("Mentions(%q, %q) = true", c[0], c[1])
		}
	}
}
