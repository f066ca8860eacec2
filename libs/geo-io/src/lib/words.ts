import { inEveryLocale, type MessageParams } from '@cuntu/messages';

/** An importer message (`importer.<key>`) in every language, joined: geo-io speaks before the client's language is known. */
export const importerWords = (key: string, params?: MessageParams) => inEveryLocale(`importer.${key}`, params);
