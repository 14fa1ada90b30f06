// Package chatdata defines Trigo's chat template and generates the
// conversations of the chat-SFT and abstain-SFT stages.
//
// The template (see Render and docs/chat.md) is plain bytes:
//
//	<user> hi! who are you?\n
//	<assistant> i am a small byte-level model. i can chat and tell simple stories.\n
//
// Generate(n, seed, abstainFrac) returns n deterministic conversations:
// greetings, identity, feelings, story requests, simple instructions and
// small talk (needs_facts = 0), and — a fraction abstainFrac of them —
// questions that need world knowledge (capitals, dates, people, science,
// prices, sports results, current events, …; needs_facts = 1) answered
// with AbstainTemplate verbatim.
//
// The package uses only the standard library: it imports nothing from
// trigo, so the data can be produced, inspected and tested on its own.
//
// Held-out hygiene: Similarity and NearDuplicate define the measure
// (normalised character 5-gram Jaccard, threshold 0.5) by which the
// evaluation prompts under prompts/ are proven disjoint from everything
// this generator emits (heldout_test.go, using EnumeratePrompts).
package chatdata
