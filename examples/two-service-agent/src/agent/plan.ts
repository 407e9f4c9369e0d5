/** A tool call the agent decided to make. */
export type PlannedCall = { tool: 'weather_lookup'; city: string } | { tool: 'flight_search'; from: string; to: string };

/** A capitalised place name of one or more words ("Lisbon", "New York"). */
const CITY = String.raw`\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+)*`;
const PLACE = new RegExp(String.raw`(?<![\p{L}])([Ff]rom|[Tt]o|[Ii]n|[Aa]t|[Ff]or)\s+(${CITY})`, 'gu');
const FLIGHT_WORDS = /\bfl(?:y|ies|ying|ight|ights)\b/i;

/**
 * Picks tool calls by keyword rules, as a planner step would:
 *   - places are capitalised names after "from", "to", "in", "at" or "for";
 *   - "fly"/"flight" with both a "from" and a "to" place → `flight_search(from, to)`;
 *   - any place → `weather_lookup` for the place named with "in"/"at"/"for", else the destination,
 *     else the origin.
 * A question naming no place needs no tool.
 */
export function planToolCalls(question: string): PlannedCall[] {
  const places: Record<string, string | undefined> = {};
  for (const match of question.matchAll(PLACE)) {
    // Both groups take part in every match.
    const preposition = match[1]!.toLowerCase();
    places[preposition === 'at' || preposition === 'for' ? 'in' : preposition] ??= match[2]!;
  }
  const { from, to, in: place } = places;
  const calls: PlannedCall[] = [];
  if (FLIGHT_WORDS.test(question) && from !== undefined && to !== undefined) {
    calls.push({ tool: 'flight_search', from, to });
  }
  const weatherCity = place ?? to ?? from;
  if (weatherCity !== undefined) calls.push({ tool: 'weather_lookup', city: weatherCity });
  return calls;
}
