import * as net from 'node:net';
import { startBroker, type Broker } from '../../src/broker/broker';
import { LineSplitter, MAX_LINE_CHARS, parseFrame, type QueueMessage } from '../../src/broker/protocol';
import { connectQueue, type QueueClient } from '../../src/broker/queue-client';

const message = (id: string): QueueMessage => ({ id, body: { n: id }, headers: { traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01` } });

describe('LineSplitter and parseFrame', () => {
  it('returns complete lines and keeps the unfinished rest', () => {
    const lines = new LineSplitter();
    expect(lines.push('{"op":"a"}\n{"op"')).toEqual(['{"op":"a"}']);
    expect(lines.push(':"b"}\n\n')).toEqual(['{"op":"b"}']);
  });

  it('refuses a line that never ends', () => {
    expect(() => new LineSplitter().push('x'.repeat(MAX_LINE_CHARS + 1))).toThrow(/longer than/);
  });

  it('accepts only objects with an op string', () => {
    expect(parseFrame('{"op":"publish","queue":"q"}')).toEqual({ op: 'publish', queue: 'q' });
    for (const line of ['', 'nope', '[]', '{"op":1}', 'null', '"op"']) expect(parseFrame(line)).toBeUndefined();
  });
});

describe('broker and client over TCP', () => {
  let broker: Broker;
  const clients: QueueClient[] = [];
  const connect = async () => {
    const client = await connectQueue(broker.url);
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    broker = await startBroker();
  });

  afterEach(async () => {
    clients.splice(0).forEach((c) => c.close());
    await broker.close();
  });

  it('delivers a published message, headers intact, to a subscriber', async () => {
    const consumer = await connect();
    let deliver!: (m: QueueMessage) => void;
    const received = new Promise<QueueMessage>((resolve) => (deliver = resolve));
    await consumer.subscribe('jobs', (m) => deliver(m));
    await (await connect()).publish('jobs', message('m1'));
    expect(await received).toEqual(message('m1'));
  });

  it('keeps messages published before anyone subscribes', async () => {
    await (await connect()).publish('jobs', message('early'));
    expect(broker.depth('jobs')).toBe(1);
    const consumer = await connect();
    const received = new Promise<QueueMessage>((resolve) => void consumer.subscribe('jobs', resolve));
    expect((await received).id).toBe('early');
    expect(broker.depth('jobs')).toBe(0);
  });

  it('shares a queue between subscribers in turn', async () => {
    const seen: string[][] = [[], []];
    let allSeen!: () => void;
    const four = new Promise<void>((resolve) => (allSeen = resolve));
    const record = (i: number) => (m: QueueMessage) => {
      seen[i].push(m.id);
      if (seen[0].length + seen[1].length === 4) allSeen();
    };
    await (await connect()).subscribe('jobs', record(0));
    await (await connect()).subscribe('jobs', record(1));
    const producer = await connect();
    for (const id of ['1', '2', '3', '4']) await producer.publish('jobs', message(id));
    await four;
    expect(seen.map((s) => s.length)).toEqual([2, 2]);
  });

  it('answers an invalid request with an error', async () => {
    const socket = net.connect(Number(new URL(broker.url).port), '127.0.0.1');
    const reply = await new Promise<string>((resolve) => {
      socket.setEncoding('utf8');
      socket.once('data', resolve);
      socket.write('{"op":"publish","queue":"q","message":{"id":1}}\n');
    });
    socket.destroy();
    expect(parseFrame(reply.split('\n')[0])).toMatchObject({ op: 'error' });
  });

  it('rejects publishing and subscribing after close()', async () => {
    const client = await connect();
    client.close();
    await expect(client.publish('jobs', message('late'))).rejects.toThrow(/closed/);
    await expect(client.subscribe('jobs', () => {})).rejects.toThrow(/closed/);
  });

  it('rejects what is pending when the connection drops', async () => {
    const silent = net.createServer((socket) => socket.on('data', () => socket.destroy()));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const client = await connectQueue(`tcp://127.0.0.1:${(silent.address() as net.AddressInfo).port}`);
    await expect(client.publish('jobs', message('lost'))).rejects.toThrow(/closed/);
    await new Promise((resolve) => silent.close(resolve));
  });

  it('fails to connect when no broker listens', async () => {
    const url = broker.url;
    await broker.close();
    await expect(connectQueue(url)).rejects.toThrow();
  });
});
