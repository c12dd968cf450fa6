import { negotiateLocale } from './negotiate-locale';

const ask = (query: Record<string, unknown>, acceptLanguage?: string) =>
  negotiateLocale({ query, headers: acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage } } as never, 'en');

describe('negotiateLocale', () => {
  it('takes ?lang= first, then Accept-Language by preference, regional variants as their language, then the default', () => {
    expect(ask({ lang: 'nl' }, 'sv')).toEqual({ locale: 'nl', fromQuery: true });
    expect(ask({ lang: 'de' }, 'sv-SE')).toEqual({ locale: 'sv', fromQuery: false });
    expect(ask({}, 'nl-BE,nl;q=0.9')).toEqual({ locale: 'nl', fromQuery: false });
    expect(ask({}, 'de;q=1, sv;q=0.2, nl;q=0.8')).toEqual({ locale: 'nl', fromQuery: false });
    expect(ask({}, 'sv;q=0, fr')).toEqual({ locale: 'en', fromQuery: false });
    expect(ask({}, '*')).toEqual({ locale: 'en', fromQuery: false });
    expect(ask({ lang: ['sv', 'nl'] })).toEqual({ locale: 'en', fromQuery: false });
    expect(negotiateLocale({ query: {}, headers: {} } as never, 'sv')).toEqual({ locale: 'sv', fromQuery: false });
  });
});
