// The sentence splitter of scripts/fetch-lm-text, shared by every text it fetches: whitespace runs become one
// space and a sentence ends at . ! or ? before a space; `auris corpus prompts --text` normalises and filters
// the sentences afterwards. With dropOffensive, sentences with profanity or slurs are left out (nlp-corpus
// mixes in deliberately offensive lyrics and tweets; the shipped LM must not make them likely transcripts).
const offensive = /\b(fuck|shit|cunt|nigg|bitch|whore|slut|pussy|dicks?\b|cocks?\b|fag|retard|motherf|hoes?\b|bastard|asshole|twat|wank)/i;
module.exports = (text, dropOffensive) => text.replace(/\s+/g, ' ').split(/(?<=[.!?])\s+/).map(s => s.trim())
  .filter(s => s && !(dropOffensive && offensive.test(s)));
