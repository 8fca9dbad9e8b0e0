// rtg-gateway's entry point: parse the configuration once, then run the command asked for.
//   serve (default)   the gateway, with the built-in mock DMS when DMS_URL is unset; SIGHUP reloads its TLS certificate
//   mock-dms          the mock DMS alone
//   registers add     add a register and print its API key
//   operators add     add an operator (viewer, operator, admin) and print its token
//   operators rotate|revoke, keys rotate|revoke   replace or revoke a token or a register's API key
//   registers bind-cert|unbind-cert               bind a register's key to its TLS client certificate (mTLS)
//   verify-log        check the evidence log's hash chain; names the first broken entry
//   rekey             re-encrypt personal data at rest under the first key of DATA_KEYS_FILE
import { main } from './cli/main-command.ts';

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  },
);
