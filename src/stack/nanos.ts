/** Time as the stack sees it: integer nanoseconds handed in by the caller. The stack never reads a clock. */
export type Nanos = number;
