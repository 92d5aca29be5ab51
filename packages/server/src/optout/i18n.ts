import type { Language } from './params.js';

/** The opt-out texts, in the languages the pages speak. */
export interface OptOutTexts {
  readonly title: string;
  readonly intro: string;
  readonly introMore: string;
  readonly trackedLabel: string;
  readonly optedOutLabel: string;
  readonly optedOutDone: string;
  readonly clearCookiesNote: string;
  readonly doNotTrack: string;
  readonly submit: string;
  readonly cookiesDisabled: string;
  readonly secureCookiesOnHttp: string;
  readonly divMissing: string;
}

export const TEXTS: Record<Language, OptOutTexts> = {
  en: {
    title: 'Web analytics opt-out',
    intro: 'You can choose to stop this website from collecting and analysing what you do here.',
    introMore: 'Opting out protects your privacy; it also means the owner learns less about how to improve the site for you and others.',
    trackedLabel: 'Your visits are counted. Uncheck this box to opt out.',
    optedOutLabel: 'You have opted out: your visits are not counted. Check this box to opt back in.',
    optedOutDone: 'Opt-out done: your visits to this website will not be recorded by its web analytics.',
    clearCookiesNote:
      'Your choice is stored in a cookie: if you delete your cookies, or use another browser or device, you will need to opt out again.',
    doNotTrack: 'Your browser asks websites not to track you (Do Not Track), and this site honours that request.',
    submit: 'Save my choice',
    cookiesDisabled: 'Your browser blocks cookies, so your choice cannot be remembered: the opt-out does not work.',
    secureCookiesOnHttp: 'The opt-out needs a secure (https) page to store your choice.',
    divMissing: 'The opt-out form could not be shown: no element with id "%s" on this page.',
  },
  fr: {
    title: "Refus de la mesure d'audience",
    intro: "Vous pouvez choisir d'empêcher ce site de collecter et d'analyser ce que vous y faites.",
    introMore:
      "Ce refus protège votre vie privée ; il prive aussi le propriétaire d'informations utiles pour améliorer le site, pour vous comme pour les autres.",
    trackedLabel: 'Vos visites sont comptabilisées. Décochez cette case pour les exclure.',
    optedOutLabel: "Vous avez refusé la mesure : vos visites ne sont pas comptabilisées. Cochez cette case pour l'accepter à nouveau.",
    optedOutDone: "Refus enregistré : vos visites sur ce site ne seront pas prises en compte par sa mesure d'audience.",
    clearCookiesNote:
      'Votre choix est conservé dans un cookie : si vous effacez vos cookies, ou changez de navigateur ou d’appareil, il faudra le refaire.',
    doNotTrack: 'Votre navigateur demande aux sites de ne pas vous suivre (Do Not Track), et ce site respecte cette demande.',
    submit: 'Enregistrer mon choix',
    cookiesDisabled: 'Votre navigateur bloque les cookies : votre choix ne peut pas être conservé et le refus ne fonctionne pas.',
    secureCookiesOnHttp: 'Le refus a besoin d’une page sécurisée (https) pour conserver votre choix.',
    divMissing: 'Le formulaire de refus ne peut pas s’afficher : aucun élément d’id « %s » sur cette page.',
  },
};
