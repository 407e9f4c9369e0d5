import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { traceTool } from '@agent-otel/genai';
import { sendJson } from '../http/json-io';
import { flightsBetween, UnknownCityError, weatherIn } from './travel-data';

/**
 * The tools service's HTTP API, all JSON:
 *   GET /tools/weather?city=Lisbon          200 the city's current weather
 *   GET /tools/flights?from=Paris&to=Lisbon 200 direct flights (possibly none)
 * A missing parameter is a 400, a city not in the table a 404 (`code: 'unknown_city'`), any
 * other path a 404 and another method a 405. Each lookup runs inside `traceTool`, so it shows
 * as an `execute_tool` span under the inbound HTTP span, failed when the lookup throws.
 */
export function createToolsServer(): Server {
  return createServer((request, response) => {
    try {
      route(request, response);
    } catch (error) {
      sendJson(response, 500, { error: { code: 'internal', message: String(error) } });
    }
  });
}

function route(request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://tools');
  const handler = ROUTES[url.pathname];
  if (handler === undefined) {
    sendJson(response, 404, { error: { code: 'not_found', message: `no route ${url.pathname}` } });
  } else if (request.method !== 'GET') {
    response.setHeader('allow', 'GET');
    sendJson(response, 405, { error: { code: 'method_not_allowed', message: `${request.method} is not allowed` } });
  } else {
    handler(url.searchParams, response);
  }
}

type Handler = (params: URLSearchParams, response: ServerResponse) => void;

const ROUTES: Readonly<Record<string, Handler>> = {
  '/tools/weather': (params, response) => {
    const city = requireParams(params, ['city'], response)?.[0];
    if (city === undefined) return;
    respond(response, () => traceTool({ name: 'weather_lookup', type: 'datastore', description: 'Current weather of a city, from the travel table' }, () => weatherIn(city)));
  },
  '/tools/flights': (params, response) => {
    const route = requireParams(params, ['from', 'to'], response);
    if (route === undefined) return;
    const [from, to] = route;
    respond(response, () =>
      traceTool({ name: 'flight_search', type: 'datastore', description: 'Direct flights between two cities, from the travel table' }, () => flightsBetween(from, to)),
    );
  },
};

/** The named query parameters, or `undefined` after answering 400 when one is missing or blank. */
function requireParams<const Names extends readonly string[]>(params: URLSearchParams, names: Names, response: ServerResponse): { [I in keyof Names]: string } | undefined {
  const values = names.map((name) => params.get(name)?.trim() ?? '');
  const missing = names.filter((_, index) => values[index] === '');
  if (missing.length > 0) {
    sendJson(response, 400, { error: { code: 'missing_parameter', message: `missing query parameter: ${missing.join(', ')}` } });
    return undefined;
  }
  return values as { [I in keyof Names]: string }; // one value per name, in order
}

function respond(response: ServerResponse, lookup: () => unknown): void {
  try {
    sendJson(response, 200, lookup());
  } catch (error) {
    if (!(error instanceof UnknownCityError)) throw error;
    sendJson(response, 404, { error: { code: 'unknown_city', message: error.message } });
  }
}
