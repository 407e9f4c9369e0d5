import { diag } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { InvalidOptionError } from '../src/resolve-options';
import { BUILT_IN_INSTRUMENTATIONS, setBuiltInInstrumentation, startInstrumentations } from '../src/start-instrumentations';
import type { UserInstrumentation } from '../src/user-instrumentation';
import { captureDiag, type DiagEntry } from './helpers/diag-capture';
import { FakeInstrumentation } from './helpers/fake-instrumentation';

describe('startInstrumentations()', () => {
  const provider = new BasicTracerProvider();
  let log: DiagEntry[];
  const running: { disableAll(): void }[] = [];
  beforeEach(() => {
    log = captureDiag();
  });
  afterEach(() => {
    for (const r of running.splice(0)) r.disableAll();
    diag.disable();
  });
  function start(...args: Parameters<typeof startInstrumentations>) {
    const r = startInstrumentations(...args);
    running.push(r);
    return r;
  }
  const names = (list: readonly UserInstrumentation[]) => list.map((i) => i.instrumentationName);

  it('enables the application instrumentations on the provider, then the built-in http and undici ones', () => {
    const user = new FakeInstrumentation('user-instrumentation');
    const r = start({ additional: [user] }, provider);
    expect(names(r.enabled)).toEqual(['user-instrumentation', BUILT_IN_INSTRUMENTATIONS.http, BUILT_IN_INSTRUMENTATIONS.undici]);
    expect(user.tracerProvider).toBe(provider);
    // It enabled itself when constructed, as OTel instrumentations do; enable() is not called again.
    expect(user.calls).toEqual(['setTracerProvider']);
  });

  it('enables an instrumentation constructed with enabled: false', () => {
    const user = new FakeInstrumentation('off', { constructedDisabled: true });
    start({ additional: [user] }, provider);
    expect(user.calls).toEqual(['setTracerProvider', 'enable']);
    expect(user.isEnabled()).toBe(true);
  });

  it('constructs factory entries', () => {
    const made = new FakeInstrumentation('made');
    const r = start({ additional: [() => made], http: false, undici: false }, provider);
    expect(r.enabled).toEqual([made]);
  });

  it('leaves out the built-in ones when turned off', () => {
    expect(names(start({ http: false }, provider).enabled)).toEqual([BUILT_IN_INSTRUMENTATIONS.undici]);
    expect(names(start({ undici: false }, provider).enabled)).toEqual([BUILT_IN_INSTRUMENTATIONS.http]);
  });

  it('lets an application instrumentation of the same name replace a built-in one', () => {
    const ownHttp = new FakeInstrumentation(BUILT_IN_INSTRUMENTATIONS.http);
    const r = start({ additional: [ownHttp] }, provider);
    expect(r.enabled).toHaveLength(2);
    expect(r.enabled[0]).toBe(ownHttp);
    expect(names(r.enabled)).toEqual([BUILT_IN_INSTRUMENTATIONS.http, BUILT_IN_INSTRUMENTATIONS.undici]);
  });

  it('keeps a built-in one off when the conflict check gives a reason, and says why at info level', () => {
    const user = new FakeInstrumentation('user-instrumentation');
    const seen: string[][] = [];
    const r = start({ additional: [user] }, provider, (given) => {
      seen.push(given.map((i) => i.instrumentationName));
      return { undici: 'undici/fetch requests are already observed' };
    });
    expect(seen).toEqual([['user-instrumentation']]);
    expect(names(r.enabled)).toEqual(['user-instrumentation', BUILT_IN_INSTRUMENTATIONS.http]);
    expect(log.filter((e) => e.level === 'info').map((e) => e.message)).toContain(
      'agent-otel: register() did not enable its undici instrumentation: undici/fetch requests are already observed, so each request gets one span',
    );
  });

  it('enables the same object once and disables a second instrumentation of the same name, with a warning', () => {
    const a = new FakeInstrumentation('dup');
    const b = new FakeInstrumentation('dup');
    const r = start({ additional: [a, a, b], http: false, undici: false }, provider);
    expect(r.enabled).toEqual([a]);
    expect(b.calls).toEqual(['disable']);
    expect(log.filter((e) => e.level === 'warn').map((e) => e.message)).toEqual([
      'agent-otel: instrumentations.additional[2] (dup): an instrumentation of that name already runs; this second one is disabled',
    ]);
  });

  it('reports a factory that throws once, by position and source, and enables the others', () => {
    const after = new FakeInstrumentation('after');
    const r = start(
      {
        additional: [
          () => {
            throw new Error('no API key');
          },
          after,
        ],
        http: false,
        undici: false,
      },
      provider,
    );
    expect(r.enabled).toEqual([after]);
    const errors = log.filter((e) => e.level === 'error').map((e) => e.message);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^agent-otel: instrumentation instrumentations\.additional\[0\] \(\(\) => \{ throw new Error\('no API key'\); \}\) threw while being constructed: no API key; it is left out, tracing goes on without it$/,
    );
  });

  it('reports a factory that returns something else', () => {
    const r = start({ additional: [() => ({ name: 'not one' }) as unknown as UserInstrumentation], http: false, undici: false }, provider);
    expect(r.enabled).toEqual([]);
    expect(log.find((e) => e.level === 'error')?.message).toContain('returned an object without instrumentationName, setTracerProvider, enable, disable, not an instrumentation');
  });

  it.each([
    ['enable()', { constructedDisabled: true, throwOnEnable: new Error('cannot hook') }, 'cannot hook'],
    ['setTracerProvider()', { throwOnSetTracerProvider: new Error('wrong provider') }, 'wrong provider'],
  ])('reports one whose %s throws, disables it and enables the others', (_what, behaviour, cause) => {
    const bad = new FakeInstrumentation('bad-one', behaviour);
    const good = new FakeInstrumentation('good-one');
    const r = start({ additional: [bad, good], http: false, undici: false }, provider);
    expect(r.enabled).toEqual([good]);
    expect(bad.calls[bad.calls.length - 1]).toBe('disable');
    const errors = log.filter((e) => e.level === 'error').map((e) => e.message);
    expect(errors).toEqual([
      `agent-otel: instrumentation instrumentations.additional[0] (bad-one) threw while being enabled: ${cause}; it is left out, tracing goes on without it`,
    ]);
  });

  it('throws InvalidOptionError naming an entry that is neither an instrumentation nor a function', () => {
    expect(() => start({ additional: [new FakeInstrumentation('ok'), 'openai' as never] }, provider)).toThrow(InvalidOptionError);
    expect(() => start({ additional: [{ instrumentationName: 'x', enable() {} } as never] }, provider)).toThrow(
      /option instrumentations\.additional\[0\] must be an instrumentation .* got an object without setTracerProvider, disable/,
    );
  });

  it('disableAll() disables each once, and a disable() that throws does not stop the others', () => {
    const a = new FakeInstrumentation('a', { throwOnDisable: new Error('x') });
    const b = new FakeInstrumentation('b');
    const r = start({ additional: [a, b], http: false, undici: false }, provider);
    r.disableAll();
    r.disableAll();
    expect(a.calls.filter((c) => c === 'disable')).toHaveLength(1);
    expect(b.calls.filter((c) => c === 'disable')).toHaveLength(1);
    expect(r.enabled).toEqual([]);
  });

  it('setBuiltInInstrumentation() turns a built-in one off and on again, once', () => {
    const r = start({}, provider);
    setBuiltInInstrumentation(r, 'http', false);
    expect(names(r.enabled)).toEqual([BUILT_IN_INSTRUMENTATIONS.undici]);
    expect(setBuiltInInstrumentation(r, 'http', true)?.instrumentationName).toBe(BUILT_IN_INSTRUMENTATIONS.http);
    expect(setBuiltInInstrumentation(r, 'http', true)).toBeUndefined();
    expect(names(r.enabled)).toEqual([BUILT_IN_INSTRUMENTATIONS.undici, BUILT_IN_INSTRUMENTATIONS.http]);
  });
});
