package chatdata

// factsPrefix is put before every needs-facts question, so the model
// sees the same questions asked in several ways.
const factsPrefix = "[|||hey, |quick question: |do you know this? |i have a question. |please tell me: |can you help me? |hmm, |tell me, |can you tell me: |i wonder, |my teacher asked: |for my homework: |do you know |i need to know: |question: |serious question: |hi! |so, |ok, ]"

// factsQuestions are the needs-facts user patterns (each gets
// factsPrefix). Every one is answered with AbstainTemplate.
var factsQuestions = []string{
	// countries
	"what is the capital of {country}?", "what's the capital city of {country}?",
	"how many people live in {country}?", "what is the population of {country}?",
	"what language do people speak in {country}?", "what currency does {country} use?",
	"who is the [president|leader|prime minister] of {country}?", "how big is {country}?",
	"what is the largest city in {country}?", "when did {country} become independent?",
	"which continent is {country} in?", "what is the highest mountain in {country}?",
	"what does the flag of {country} look like?", "what is the national dish of {country}?",
	// cities
	"how many people live in {city}?", "which country is {city} in?",
	"what is the weather like in {city} right now?", "how far is {city} from {city2}?",
	"what time is it in {city}?", "when was {city} founded?", "what is {city} famous for?",
	"how long is the flight from {city} to {city2}?", "what is the tallest building in {city}?",
	// people
	"when was {person} born?", "where was {person} born?", "when did {person} die?",
	"what is {person} famous for?", "who was {person}?", "what did {person} discover?",
	"how old was {person} when they died?", "which country was {person} from?",
	"what was {person}'s most famous work?",
	// dates and history
	"when did {event} happen?", "what year was {event}?", "what caused {event}?",
	"how long did {event} last?", "who was involved in {event}?", "where did {event} take place?",
	// science
	"what is the atomic number of {element}?", "what is the melting point of {element}?",
	"what is the chemical symbol for {element}?", "who discovered {element}?",
	"how far is {planet} from the sun?", "how many moons does {planet} have?",
	"how hot is it on {planet}?", "how long is a year on {planet}?", "how big is {planet}?",
	"what is the gravity like on {planet}?",
	"how long does a {wild} live?", "how much does a {wild} weigh?", "how fast can a {wild} go?",
	"what is the speed of light?", "how fast does sound travel?",
	"what is the boiling point of water in fahrenheit?", "what is the chemical formula for table salt?",
	"how many bones are in the human body?", "how many chromosomes do humans have?",
	"what is the mass of an electron?", "how old is the universe?", "how deep is the ocean?",
	"what is the largest organ in the human body?", "how many teeth does an adult have?",
	"what is the theory of relativity?", "how far away is the nearest star?",
	// prices and money
	"how much does {product} cost?", "what is the price of {product}?",
	"what is the price of {commodity} today?", "how much is {commodity} worth right now?",
	"what is the exchange rate between {currency} and {currency2}?", "how much is {currency} worth today?",
	"what is the stock price of {company}?", "how much money does {company} make?",
	"who is the boss of {company}?", "when was {company} founded?", "where is {company} based?",
	// sports
	"who won the {year} {sportevent}?", "who won the {sportevent} in {year}?",
	"which team won the {sportevent} last year?", "when is the next {sportevent}?",
	"how many goals did {athlete} score?", "how many titles has {athlete} won?",
	"how old is {athlete}?", "who is the best {sport} player in the world?",
	"did {team} win last night?", "how many trophies has {team} won?", "who plays for {team}?",
	// current events
	"what is happening in the news today?", "what is the latest news about {country}?",
	"who won the last election in {country}?", "what is the weather going to be tomorrow in {city}?",
	"what are the top songs this week?", "what is trending on the internet right now?",
	"what is the newest phone?", "who is the richest person in the world right now?",
	"what movie won the big award this year?", "what happened in {city} yesterday?",
	"what is going on with {newsthing}?", "what is today's date?", "what is the latest news on {newsthing}?",
	// geography
	"how tall is {mountain}?", "where is {mountain}?", "who first climbed {mountain}?",
	"how long is {river}?", "which countries does {river} flow through?", "where does {river} start?",
	"what is the biggest [ocean|desert|lake|island|forest] in the world?",
	// books, art, music, landmarks, inventions
	"who wrote {book}?", "when was {book} written?", "how many pages does {book} have?",
	"who painted {painting}?", "where is {painting} now?", "when was {painting} painted?",
	"how tall is {landmark}?", "when was {landmark} built?", "who built {landmark}?",
	"how many people visit {landmark} each year?", "where is {landmark}?",
	"who invented the {invention}?", "when was the {invention} invented?",
	// more countries and cities
	"what is the national animal of {country}?", "what are the main exports of {country}?",
	"what is the area of {country} in square kilometers?", "when was the last election in {country}?",
	"what sea is next to {country}?", "how rich is {country}?", "what time zone is {country} in?",
	"what is the population of {city}?", "how many kilometers is it from {city} to {city2}?",
	"which is bigger, {city} or {city2}?", "what is the main airport in {city}?",
	"how much does a hotel cost in {city}?", "what is the best restaurant in {city}?",
	"how long does it take to drive from {city} to {city2}?", "how far is {landmark} from {city}?",
	// more people
	"how tall was {person}?", "who did {person} marry?", "what did {person} invent?", "how did {person} die?",
	"what was {person}'s job?", "when did {person} live?", "is {person} still alive?", "did {person} have children?",
	// more science, space, nature and the body
	"what is the density of {element}?", "what is the boiling point of {element}?",
	"how many protons does {element} have?", "what is the atomic mass of {element}?", "is {element} a metal?",
	"how long is a day on {planet}?", "what is {planet} made of?", "who discovered {planet}?",
	"how far is {planet} from earth?", "what does a {wild} eat?", "where does the {wild} live in the wild?",
	"is the {wild} in danger of dying out?", "how heavy is a baby {wild}?",
	"what is the speed of sound in water?", "what is the charge of a proton?", "what is avogadro's number?",
	"what is the value of pi to ten digits?", "how much blood is in the human body?",
	"how many muscles are in the human body?", "what is normal body temperature in celsius?",
	"how fast does hair grow?", "how far away is the sun?", "how old is the earth?",
	"what is the temperature at the center of the earth?", "how many stars are in the sky?",
	// health
	"what causes {illness}?", "what is the treatment for {illness}?", "how long does {illness} last?",
	"is {illness} dangerous?", "how much medicine should i take for {illness}?",
	// food facts
	"how many calories are in {food}?", "where do {food} come from?", "how much sugar is in {food}?",
	// more money and companies
	"how much does {product} cost in {city}?", "what will the price of {commodity} be next week?",
	"is {company} stock going up?", "how much is {company} worth?", "how many people work at {company}?",
	"who founded {company}?", "what was {company}'s first product?", "should i buy {company} stock?",
	// more sports
	"what was the score of the {year} {sportevent}?", "where was the {year} {sportevent}?",
	"who is the captain of {team}?", "who is the coach of {team}?", "what is the world record for the {race}?",
	"when did {athlete} retire?", "how many medals did {athlete} win?", "how much money does {athlete} make?",
	"what was the final score last night?", "who is winning the {sport} league this year?",
	// more current events and dates
	"what happened today?", "who won the game last night?", "what is the news in {city} today?",
	"is it raining in {city} right now?", "what is the temperature in {city}?", "what day is it today?",
	"what time is it now?", "what year is it?", "who is the president right now?",
	"what are people talking about today?", "what day of the week was {date}?", "what happened on {date}?",
	// movies, music, languages
	"who directed {movie}?", "when did {movie} come out?", "who stars in {movie}?", "how much money did {movie} make?",
	"who sang in {band}?", "when did {band} start?", "how many albums did {band} make?", "what is the best song by {band}?",
	"how do you say [hello|thank you|good night|cat|friend] in {language}?", "how many people speak {language}?",
	"where do people speak {language}?", "what is the hardest word in {language}?",
	// general knowledge
	"how many people live on earth?", "how many languages are there in the world?",
	"what is the most spoken language in the world?", "what is the tallest building in the world?",
	"what is the longest river in the world?", "how many countries are there in the world?",
}

// factsIntent builds the needs-facts intent from factsQuestions.
func factsIntent() intent {
	users := make([]string, len(factsQuestions))
	for i, q := range factsQuestions {
		users[i] = factsPrefix + q
	}
	return intent{kind: KindFacts, users: users, answers: []string{AbstainTemplate}}
}

var factsIntents = []intent{factsIntent()}
