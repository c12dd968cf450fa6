import type { MailCatalogue } from './en';

export const nl: MailCatalogue = {
  'recipient.subject': '{sender} heeft een geheim met je gedeeld',
  'recipient.intro': '{sender} heeft via {brand} een geheim met je gedeeld.',
  'recipient.open': 'Open het geheim',
  'recipient.copy': 'Of kopieer deze link naar je browser:',
  'recipient.once': 'De link werkt één keer: als hij geopend wordt, wordt het geheim getoond en daarna van de server gewist.',
  'recipient.expiry': 'Hij werkt tot {expiry}; daarna werkt hij niet meer, of hij nu geopend is of niet.',
  'recipient.passphrase':
    'Je hebt ook een wachtwoordzin nodig om het te openen. De afzender geeft je die wachtwoordzin apart; hij staat nooit in deze e-mail.',
  'recipient.unexpected': 'Had je dit niet verwacht, dan kun je deze e-mail negeren.',

  'notice.revealed.subject': 'Je geheim {ref} is geopend',
  'notice.revealed.body': 'Je geheim {ref} is geopend op {date}. Het is nu van de server gewist.',
  'notice.burned_by_policy.subject': 'Je geheim {ref} is verwijderd',
  'notice.burned_by_policy.body':
    'Je geheim {ref} is verwijderd op {date} na te veel verkeerde wachtwoordzinnen. Niemand heeft het gezien; deel het opnieuw als het nog nodig is.',
  'notice.expired.subject': 'Je geheim {ref} is ongelezen verlopen',
  'notice.expired.body': 'Je geheim {ref} is verlopen op {date} zonder dat het geopend is. Het is van de server gewist.',
  'notice.created': 'Je hebt het gedeeld op {created}. {ref} is de referentie ervan op de pagina die je de link gaf, op de statuspagina en in je lijst met geheimen.',
  'notice.why': 'Je krijgt dit bericht omdat leesmeldingen aan staan voor je {brand}-account. Je kunt ze uitzetten in je lijst met geheimen.',

  footer: 'Verstuurd door {brand}, dat elk geheim één keer toont en het daarna wist.',
};
