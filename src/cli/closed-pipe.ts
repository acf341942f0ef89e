/**
 * `npm run jobs | head` closes stdout early; writing on must end the command quietly, not
 * with an EPIPE stack trace. Imported first by every command-line entry point.
 */
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
