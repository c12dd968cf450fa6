import { Controller, Get, UseGuards } from '@nestjs/common';
import { NotAuthorizedError, type Caller } from '@hush/domain';
import { CallerGuard } from '../auth/caller.guard';
import { CurrentCaller } from '../auth/current-caller.decorator';

const NOMINAL = Object.freeze({ status: 'nominal', locale: 'en' });

@Controller('api/v1')
@UseGuards(CallerGuard)
export class StatusController {
  @Get('status')
  status() {
    return NOMINAL;
  }

  @Get('authcheck')
  authcheck(@CurrentCaller() caller: Caller) {
    if (caller.kind !== 'account') throw new NotAuthorizedError();
    return NOMINAL;
  }
}
