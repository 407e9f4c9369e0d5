import { createServer } from 'node:http';
import { closeServer, listen, parsePort } from '../../src/http/serve';

describe('parsePort', () => {
  it.each([
    [undefined, 0],
    ['', 0],
    ['  ', 0],
    ['0', 0],
    ['8080', 8080],
    ['65535', 65535],
  ])('reads %j as %d', (value, port) => {
    expect(parsePort('LLM_PORT', value)).toBe(port);
  });

  it.each(['-1', '65536', '80.5', 'http', '0x'])('rejects %j with an error naming the variable', (value) => {
    expect(() => parsePort('LLM_PORT', value)).toThrow(`LLM_PORT must be a port number between 0 and 65535, got "${value}"`);
  });
});

describe('listen and closeServer', () => {
  it('listens on a free 127.0.0.1 port and closes idempotently', async () => {
    const server = createServer((_, response) => response.end('ok'));
    const url = await listen(server);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(url)).text()).toBe('ok');
    await Promise.all([closeServer(server), closeServer(server)]);
    expect(server.listening).toBe(false);
  });

  it('rejects when the port is taken', async () => {
    const first = createServer();
    const url = await listen(first);
    const port = Number(new URL(url).port);
    await expect(listen(createServer(), { port })).rejects.toThrow(/EADDRINUSE/);
    await closeServer(first);
  });
});
