import { createTraceState } from '@opentelemetry/api';
import { W3CTraceState } from '../../src/propagation/w3c-trace-state';

describe('W3CTraceState', () => {
  it('holds Level 2 keys that the Level 1 TraceState of @opentelemetry/api drops', () => {
    const members = ['foo@=1', 'a@b@c=2', '0vendor=3', `${'t'.repeat(242)}@v=4`];
    expect(new W3CTraceState(members).serialize()).toBe(members.join(','));
    expect(createTraceState(members.join(',')).serialize()).not.toBe(members.join(','));
  });

  it('reads values by key and keeps the first of a repeated key', () => {
    const state = new W3CTraceState(['rojo=1', 'congo=2', 'rojo=3']);
    expect(state.get('rojo')).toBe('1');
    expect(state.get('congo')).toBe('2');
    expect(state.get('missing')).toBeUndefined();
    expect(state.serialize()).toBe('rojo=1,congo=2');
  });

  it('moves a set key to the front and leaves the original unchanged', () => {
    const state = new W3CTraceState(['rojo=1', 'congo=2']);
    const updated = state.set('congo', '9');
    expect(updated.serialize()).toBe('congo=9,rojo=1');
    expect(updated.set('new@sys', 'x').serialize()).toBe('new@sys=x,congo=9,rojo=1');
    expect(state.serialize()).toBe('rojo=1,congo=2');
  });

  it('ignores an invalid key or value', () => {
    const state = new W3CTraceState(['rojo=1']);
    expect(state.set('Bad', '1')).toBe(state);
    expect(state.set('ok', 'a,b')).toBe(state);
    expect(state.set('ok', '')).toBe(state);
  });

  it('removes keys, and pushes out the right-most member past 32', () => {
    const state = new W3CTraceState(Array.from({ length: 32 }, (_, i) => `k${i}=${i}`));
    const added = state.set('new', 'x');
    expect(added.serialize().split(',')).toHaveLength(32);
    expect(added.get('new')).toBe('x');
    expect(added.get('k31')).toBeUndefined();
    expect(added.unset('new').get('new')).toBeUndefined();
    expect(added.unset('absent').serialize()).toBe(added.serialize());
  });
});
