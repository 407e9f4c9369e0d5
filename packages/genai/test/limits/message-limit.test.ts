import { keptIndices, limitFlattenedMessages, limitJsonMessages } from '../../src/limits/message-limit';

const message = (role: string, content: string) => ({ role, parts: [{ type: 'text', content }] });

describe('message limit', () => {
  it('keeps the first system message and the latest others', () => {
    expect(keptIndices(6, 3, 0)).toEqual([0, 4, 5]);
    expect(keptIndices(6, 3, 2)).toEqual([2, 4, 5]);
    expect(keptIndices(6, 3, undefined)).toEqual([3, 4, 5]);
    expect(keptIndices(3, 3, 0)).toEqual([0, 1, 2]);
  });

  it('cuts a JSON message array', () => {
    const messages = [message('system', 'rules'), message('user', 'q1'), message('assistant', 'a1'), message('user', 'q2')];
    const limited = limitJsonMessages(JSON.stringify(messages), 2);
    expect(limited?.dropped).toBe(2);
    expect(JSON.parse(limited!.value)).toEqual([messages[0], messages[3]]);
    expect(limitJsonMessages(JSON.stringify(messages), 4)).toBeUndefined();
    expect(limitJsonMessages('not json', 1)).toBeUndefined();
  });

  it('cuts and renumbers a flattened message list', () => {
    const limited = limitFlattenedMessages(
      {
        'llm.input_messages.0.message.role': 'system',
        'llm.input_messages.0.message.content': 'rules',
        'llm.input_messages.1.message.role': 'user',
        'llm.input_messages.1.message.content': 'q1',
        'llm.input_messages.2.message.role': 'user',
        'llm.input_messages.2.message.content': 'q2',
        'llm.input_messages.2.message.tool_calls.0.tool_call.id': 'c',
        'llm.model_name': 'm',
      },
      'llm.input_messages.',
      2,
    );
    expect(limited?.dropped).toBe(1);
    expect(limited?.remove).toHaveLength(7);
    expect(limited?.set).toEqual({
      'llm.input_messages.0.message.role': 'system',
      'llm.input_messages.0.message.content': 'rules',
      'llm.input_messages.1.message.role': 'user',
      'llm.input_messages.1.message.content': 'q2',
      'llm.input_messages.1.message.tool_calls.0.tool_call.id': 'c',
    });
  });
});
