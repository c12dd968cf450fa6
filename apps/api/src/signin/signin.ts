import type { Type } from '@nestjs/common';
import { SignInController } from './signin.controller';

/** The sign-in surface (ACCOUNTS.md §1): its controllers, registered with the pages. */
export const SIGNIN_CONTROLLERS: Type[] = [SignInController];
