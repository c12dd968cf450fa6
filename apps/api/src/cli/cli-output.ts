import { Injectable } from '@nestjs/common';

/** Results go to stdout, one line each, so scripts can take the last line; logs go to stderr. */
@Injectable()
export class CliOutput {
  line(text: string): void {
    process.stdout.write(`${text}\n`);
  }

  /** A word for the person at the terminal (e.g. that a list is empty), on stderr, so that stdout stays parseable. */
  note(text: string): void {
    process.stderr.write(`${text}\n`);
  }
}
