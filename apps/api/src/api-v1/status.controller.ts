import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiTags } from '@nestjs/swagger';
import { NotAuthorizedError, type Caller } from '@hush/domain';
import { CallerGuard } from '../http/auth/caller.guard';
import { RateLimitGuard } from '../http/rate-limit.guard';
import { CurrentCaller } from '../http/auth/current-caller.decorator';
import { ApiOptionalAuth, ApiStatus, ApiV1Errors } from './openapi.decorators';

const NOMINAL = Object.freeze({ status: 'nominal', locale: 'en' });

@ApiTags('v1')
@ApiV1Errors()
@Controller('api/v1')
@UseGuards(CallerGuard, RateLimitGuard)
export class StatusController {
  @Get('status')
  @ApiOptionalAuth()
  @ApiStatus('Service status; anonymous allowed')
  status() {
    return NOMINAL;
  }

  @Get('authcheck')
  @ApiBasicAuth('basic')
  @ApiStatus('Checks the credentials; same answer as status')
  authcheck(@CurrentCaller() caller: Caller) {
    if (caller.kind !== 'account') throw new NotAuthorizedError();
    return NOMINAL;
  }
}
