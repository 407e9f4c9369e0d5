/**
 * The tools service's data: a fixed table of cities, their current weather, and direct flights.
 * Fixed so every run of the example gives the same answers.
 */

/** Current weather of one city. */
export interface Weather {
  city: string;
  country: string;
  condition: string;
  temperature_c: number;
  wind_kph: number;
}

/** One direct flight on a route. */
export interface Flight {
  flight: string;
  departs: string;
  arrives: string;
  price_eur: number;
}

/** Thrown when a city is not in the table. */
export class UnknownCityError extends Error {
  /** @param city the name that was asked for */
  constructor(readonly city: string) {
    super(`unknown city "${city}"`);
    this.name = 'UnknownCityError';
  }
}

const WEATHER: readonly Weather[] = [
  { city: 'Lisbon', country: 'PT', condition: 'sunny', temperature_c: 21, wind_kph: 14 },
  { city: 'Paris', country: 'FR', condition: 'light rain', temperature_c: 12, wind_kph: 20 },
  { city: 'Berlin', country: 'DE', condition: 'overcast', temperature_c: 9, wind_kph: 17 },
  { city: 'Oslo', country: 'NO', condition: 'snow', temperature_c: -3, wind_kph: 11 },
  { city: 'Rome', country: 'IT', condition: 'clear', temperature_c: 18, wind_kph: 8 },
  { city: 'New York', country: 'US', condition: 'windy', temperature_c: 7, wind_kph: 35 },
];

const FLIGHTS: Readonly<Record<string, readonly Flight[]>> = {
  'paris>lisbon': [
    { flight: 'TP441', departs: '07:05', arrives: '08:50', price_eur: 119 },
    { flight: 'AF1024', departs: '13:40', arrives: '15:20', price_eur: 142 },
  ],
  'lisbon>paris': [{ flight: 'TP432', departs: '09:15', arrives: '12:45', price_eur: 125 }],
  'berlin>rome': [{ flight: 'LH232', departs: '06:50', arrives: '08:55', price_eur: 98 }],
  'rome>berlin': [{ flight: 'LH235', departs: '10:20', arrives: '12:30', price_eur: 104 }],
  'oslo>paris': [{ flight: 'SK829', departs: '11:10', arrives: '13:35', price_eur: 156 }],
  'new york>lisbon': [{ flight: 'TP210', departs: '21:30', arrives: '09:25', price_eur: 489 }],
};

/** The weather in `city` (matched case-insensitively); throws {@link UnknownCityError}. */
export function weatherIn(city: string): Weather {
  const found = WEATHER.find((entry) => entry.city.toLowerCase() === city.trim().toLowerCase());
  if (found === undefined) throw new UnknownCityError(city);
  return found;
}

/**
 * Direct flights from `from` to `to`; an empty list when both cities are known but no flight
 * connects them. Throws {@link UnknownCityError} for a city not in the table.
 */
export function flightsBetween(from: string, to: string): { from: string; to: string; flights: readonly Flight[] } {
  const origin = weatherIn(from).city;
  const destination = weatherIn(to).city;
  return { from: origin, to: destination, flights: FLIGHTS[`${origin}>${destination}`.toLowerCase()] ?? [] };
}
