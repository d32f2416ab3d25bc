/**
 * The line prism-cli-preload.ts writes to stderr, inside a quiet Prism CLI, once the CLI's
 * server listens: a quiet CLI prints no "listening" line of its own. Readiness then comes
 * from the CLI itself, with its port. Seeing the port accept a connection is not proof:
 * another server may hold it (a port found free can be taken by another process before the
 * CLI binds it; that CLI then ends with EADDRINUSE while the other answers in its place).
 */
export const PRISM_LISTENING_MARK = 'authkit: the Prism CLI listens on port';

export const prismListeningLine = (port: number): string => `${PRISM_LISTENING_MARK} ${port}`;
