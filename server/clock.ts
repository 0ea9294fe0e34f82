/** The source of "now", injected so tests can put a survey before, inside or after its window. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
