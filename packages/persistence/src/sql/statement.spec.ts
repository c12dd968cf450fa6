import { positionalValues, statement } from './statement';

describe('statement (named parameters compiled to positional ones)', () => {
  const update = statement<'id' | 'drop' | 'state'>(
    'example',
    `UPDATE t SET state = :state, a = CASE WHEN :drop::boolean THEN NULL ELSE a END,
      b = CASE WHEN :drop::boolean THEN NULL ELSE b END WHERE id = :id AND n = 1::int`,
  );

  it('numbers each name once, in order of first use, and leaves casts alone', () => {
    expect(update.text).toBe(
      'UPDATE t SET state = $1, a = CASE WHEN $2::boolean THEN NULL ELSE a END, b = CASE WHEN $2::boolean THEN NULL ELSE b END WHERE id = $3 AND n = 1::int',
    );
    expect(update.parameters).toEqual(['state', 'drop', 'id']);
  });

  it('orders values by name, and refuses a missing one', () => {
    expect(positionalValues(update, { id: 7, drop: true, state: 'new' })).toEqual(['new', true, 7]);
    expect(() => positionalValues(update, { id: 7, state: 'new' } as never)).toThrow(/no value for :drop/);
  });
});
