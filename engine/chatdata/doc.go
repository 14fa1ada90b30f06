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
// with AbstainTemplate verbatim. Story requests are composed from parts
// (kind, name, thing, place, mood; requests.go) and answered with a story
// about what was asked (StoryReply), told by Options.Story or LocalStory.
//
// The package uses only the standard library: it imports nothing from
// trigo, so the data can be produced, inspected and tested on its own.
// Sub-package corpustell supplies engine/corpus as the story teller
// (corpus imports engine/data, which imports chatdata).
//
// Judge and LoadQualityPrompts score replies of the chat-quality set
// (prompts/chat_quality.jsonl).
//
// Held-out hygiene: Similarity and NearDuplicate define the measure
// (normalised character 5-gram Jaccard, threshold 0.5) by which the
// evaluation prompts under prompts/ are kept apart from everything this
// generator emits (heldout_test.go, using NearestPrompts: exact over the
// fixed patterns, a search over the composed story requests).
package chatdata
