/** Exhaustiveness check for discriminated unions (STYLE §2.4). */
export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}
