package chatdata_test

import (
	"fmt"

	"trigo/engine/chatdata"
)

func ExampleRender() {
	text, mask, _ := chatdata.Render([]chatdata.Turn{
		{Role: chatdata.RoleUser, Text: "who are you?"},
		{Role: chatdata.RoleAssistant, Text: "i am a small byte-level model."},
	})
	fmt.Printf("%q\n", text)
	trained := 0
	for _, m := range mask {
		trained += int(m)
	}
	fmt.Println(trained, "of", len(text), "bytes carry loss")
	// Output:
	// "<user> who are you?\n<assistant> i am a small byte-level model.\n"
	// 31 of 63 bytes carry loss
}

func ExampleGenerate() {
	ex := chatdata.Generate(1000, 1, 0.3)
	facts := 0
	for _, e := range ex {
		facts += e.NeedsFacts
	}
	fmt.Println(len(ex), "conversations,", facts, "need facts")
	// Output: 1000 conversations, 300 need facts
}
