import { Clock } from '@hush/domain';

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
