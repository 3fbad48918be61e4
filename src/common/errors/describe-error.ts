/** An unexpected error for the log: its kind and message, never the stack or the request. */
export function describeError(exception: unknown): string {
  return exception instanceof Error ? `${exception.name}: ${exception.message}` : String(exception);
}
