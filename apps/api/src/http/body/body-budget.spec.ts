import { BodyBudget } from './body-budget';

describe('BodyBudget', () => {
  it('admits large bodies while they fit in half, and again once one is released', () => {
    const budget = new BodyBudget(1000, 10);
    expect([budget.tryReserve(300), budget.tryReserve(200), budget.tryReserve(11)]).toEqual([true, true, false]);
    expect(budget.heldBytes).toBe(500);
    budget.release(300);
    expect(budget.tryReserve(300)).toBe(true);
  });

  it('keeps half for small bodies: large ones stop at half, small ones fill the rest', () => {
    const budget = new BodyBudget(1000, 10);
    for (let i = 0; i < 10; i++) budget.tryReserve(50);
    expect(budget.tryReserve(11)).toBe(false);
    for (let i = 0; i < 50; i++) expect(budget.tryReserve(10)).toBe(true);
    expect(budget.tryReserve(1)).toBe(false);
    expect(budget.heldBytes).toBe(1000);
  });
});
