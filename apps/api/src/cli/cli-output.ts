import { Injectable } from '@nestjs/common';

/** Results go to stdout, one line each, so scripts can take the last line; logs go to stderr. */
@Injectable()
export class CliOutput {
  line(text: string): void {
    process.stdout.write(`${text}\n`);
  }
}
