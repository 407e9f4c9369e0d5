import { composeReply } from '../../src/llm/compose-reply';

describe('stand-in reply composition', () => {
  it('describes every JSON fact of system and tool messages, nested values included', () => {
    const flights = '{"tool":"flight_search","from":"Paris","to":"Lisbon",' + '"flights":[{"flight":"TP441","price_eur":119},{"flight":"AF1024","price_eur":142}]}';
    const reply = composeReply([
      { role: 'system', text: '' },
      { role: 'system', text: `Use these:\n${flights}\nnot json {` },
      { role: 'tool', text: '{\n  "city": "Lisbon",\n  "alerts": []\n}' },
      { role: 'user', text: 'an  earlier\nquestion' },
      { role: 'assistant', text: '{"ignored": true}' },
      { role: 'user', text: '  Fly from Paris\nto Lisbon? ' },
    ]);
    expect(reply).toBe(
      'Here is what I found for "Fly from Paris to Lisbon?". ' +
        'flight_search: from Paris, to Lisbon, flights (flight TP441, price_eur 119); (flight AF1024, price_eur 142). ' +
        'city Lisbon, alerts none.',
    );
  });

  it('ignores JSON in user and assistant messages and lines that are not objects', () => {
    expect(
      composeReply([
        { role: 'system', text: '[1,2]\n"string"\n{broken' },
        { role: 'assistant', text: '{"tool":"x"}' },
        { role: 'user', text: '{"tool":"y"}' },
      ]),
    ).toBe('I could not look anything up for "{"tool":"y"}", so I cannot give specifics.');
  });

  it('asks how to help when there is no user message', () => {
    expect(composeReply([{ role: 'system', text: '{"a":1}' }])).toBe('How can I help?');
  });

  it('renders null fields as none', () => {
    expect(
      composeReply([
        { role: 'developer', text: '{"tool":"t","x":null,"ok":false}' },
        { role: 'user', text: 'q' },
      ]),
    ).toBe('Here is what I found for "q". t: x none, ok false.');
  });
});
