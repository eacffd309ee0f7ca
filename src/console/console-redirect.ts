/** Thrown by the guard or a handler to answer 303 See Other (ConsoleErrorFilter sends it). */
export class ConsoleRedirect extends Error {
  constructor(readonly location: string) {
    super(`redirect to ${location}`);
  }
}
