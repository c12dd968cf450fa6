import type { MailCatalogue } from './en';

export const sv: MailCatalogue = {
  'recipient.subject': '{sender} har delat en hemlighet med dig',
  'recipient.intro': '{sender} har delat en hemlighet med dig via {brand}.',
  'recipient.open': 'Öppna hemligheten',
  'recipient.copy': 'Eller kopiera den här länken till din webbläsare:',
  'recipient.once': 'Länken fungerar en enda gång: när den öppnas visas hemligheten och raderas sedan från servern.',
  'recipient.expiry': 'Den fungerar till {expiry}; därefter slutar den att fungera, oavsett om den har öppnats eller inte.',
  'recipient.passphrase':
    'Du behöver också en lösenfras för att öppna den. Avsändaren ger dig lösenfrasen på annat sätt – den står aldrig i det här mejlet.',
  'recipient.unexpected': 'Om du inte väntade dig det här kan du bortse från mejlet.',

  'notice.revealed.subject': 'Din hemlighet {ref} har öppnats',
  'notice.revealed.body': 'Din hemlighet {ref} öppnades {date}. Den är nu raderad från servern.',
  'notice.burned_by_policy.subject': 'Din hemlighet {ref} har raderats',
  'notice.burned_by_policy.body':
    'Din hemlighet {ref} raderades {date} efter för många felaktiga lösenfraser. Ingen har sett den; dela den igen om den fortfarande behövs.',
  'notice.expired.subject': 'Din hemlighet {ref} gick ut oläst',
  'notice.expired.body': 'Din hemlighet {ref} gick ut {date} utan att ha öppnats. Den är raderad från servern.',
  'notice.created': 'Du delade den {created}. {ref} är dess referens på sidan som gav dig länken, på statussidan och i din lista över hemligheter.',
  'notice.why': 'Du får det här meddelandet eftersom läskvitton är aktiverade för ditt {brand}-konto. Du kan stänga av dem i din lista över hemligheter.',

  footer: 'Skickat av {brand}, som visar varje hemlighet en gång och raderar den sedan.',
};
