import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { AuthenticateAccount, type Caller } from '@hush/domain';
import { BasicStrategy } from 'passport-http';

/** `Authorization: Basic base64(custid:apitoken)`, checked against the stored token hash. */
@Injectable()
export class BasicAuthStrategy extends PassportStrategy(BasicStrategy, 'basic') {
  constructor(private readonly authenticateAccount: AuthenticateAccount) {
    super();
  }

  validate(custid: string, token: string): Promise<Caller> {
    return this.authenticateAccount.execute({ custid, token });
  }
}
