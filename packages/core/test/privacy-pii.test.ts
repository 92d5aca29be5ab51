import { describe, expect, it } from 'vitest';
import {
  findPii,
  ibanValid,
  luhnValid,
  type PiiKind,
  redactedExample,
  scrubText,
  scrubUrl,
  sensitiveParameterMatcher,
} from '../src/index.js';

/** [text, kinds expected in order] — an empty list means nothing may be scrubbed. */
type Case = readonly [string, readonly PiiKind[]];

const EMAILS: Case[] = [
  ['john.doe@example.com', ['email']],
  ['Contact: jane_smith+news@mail.example.co.uk now', ['email']],
  ['/thanks?who=alice%40example.org', ['email']],
  ['/profile/bob@company.fr/settings', ['email']],
  ['Welcome back, MARIE.CURIE@SORBONNE.FR!', ['email']],
  ['a.b-c@sub-domain.example.io', ['email']],
  ['x@y.museum', ['email']],
  ['newsletter signup: paul@exemple.fr', ['email']],
  ['mailto:support@acme.com', ['email']],
  ['Order for tom@shop.de confirmed', ['email']],
  ['user%2Btag%40gmail.com', ['email']],
  ['first.last@xn--bcher-kva.example', ['email']],
  ['two: a@b.com and c@d.net', ['email', 'email']],
  ["Email: o'neil@example.com", ['email']],
  ['name@domain.travel.', ['email']],
];

const NOT_EMAILS: Case[] = [
  ['logo@2x.png', []],
  ['/img/hero@3x.webp', []],
  ['icon@1.5x.jpg', []],
  ['user@localhost', []],
  ['@mention in a tweet', []],
  ['price @ 10.00 EUR', []],
  ['npm install vue@3.4.21', []],
  ['follow @sillage on social', []],
  ['foo@bar', []],
  ['meet at 10@office', []],
];

const PHONES: Case[] = [
  ['+33 6 12 34 56 78', ['phone']],
  ['+33612345678', ['phone']],
  ['call +44 20 7946 0958 today', ['phone']],
  ['+1 (555) 123-4567', ['phone']],
  ['+1-555-123-4567', ['phone']],
  ['+49 30 901820', ['phone']],
  ['+49.30.1234.5678', ['phone']],
  ['0033 6 12 34 56 78', ['phone']],
  ['0044 20 7946 0958', ['phone']],
  ['tel=%2B33612345678', ['phone']],
  ['06 12 34 56 78', ['phone']],
  ['06.12.34.56.78', ['phone']],
  ['01-23-45-67-89', ['phone']],
  ['Appelez le 09 87 65 43 21', ['phone']],
  ['(555) 123-4567', ['phone']],
  ['(212) 555.0199', ['phone']],
  ['+81 3-1234-5678', ['phone']],
  ['+34 912 345 678', ['phone']],
  ['+39 06 6982 1234', ['phone']],
  ['+61 2 9374 4000', ['phone']],
  ['+86 10 8529 9999', ['phone']],
  ['+7 495 123-45-67', ['phone']],
  ['+353 1 234 5678', ['phone']],
  ['+41 44 668 18 00', ['phone']],
  ['Support: +32 2 555 12 12.', ['phone']],
];

const NOT_PHONES: Case[] = [
  ['Order 0612345678', []],
  ['invoice 00123456789', []],
  ['+1', []],
  ['+12 items', []],
  ['2024-01-15', []],
  ['15/01/2024 10:30', []],
  ['price +20.5%', []],
  ['temperature +12.5 C', []],
  ['score 3-2 after 90 minutes', []],
  ['version 1.2.3.4', []],
  ['UTC+01:00', []],
  ['+0100', []],
  ['ISBN 978-2-07-036822-8', []],
  ['06 12 34', []],
  ['1.234.567,89 EUR', []],
  ['page 12 of 345', []],
  ['20240115103000', []],
  ['10:30:45.123', []],
  ['Tel Aviv guide', []],
  ['room 0044', []],
];

const IBANS: Case[] = [
  ['FR76 3000 6000 0112 3456 7890 189', ['iban']],
  ['FR7630006000011234567890189', ['iban']],
  ['DE89 3704 0044 0532 0130 00', ['iban']],
  ['DE89370400440532013000', ['iban']],
  ['GB82 WEST 1234 5698 7654 32', ['iban']],
  ['GB82WEST12345698765432', ['iban']],
  ['iban=NL91ABNA0417164300', ['iban']],
  ['BE68 5390 0754 7034', ['iban']],
  ['CH93 0076 2011 6238 5295 7', ['iban']],
  ['ES91 2100 0418 4502 0005 1332', ['iban']],
  ['IT60 X054 2811 1010 0000 0123 456', ['iban']],
  ['pay to fr7630006000011234567890189 please', ['iban']],
  ['NO93 8601 1117 947', ['iban']],
  ['LU28 0019 4006 4475 0000', ['iban']],
];

const NOT_IBANS: Case[] = [
  ['FR76 3000 6000 0112 3456 7890 188', []], // wrong check digits
  ['DE89370400440532013001', []],
  ['SKU AB12CDEF34567890', []],
  ['XX12 3456 7890 1234 56', []], // no such country
  ['ref FR1234', []],
  ['GB82WEST1234', []],
  ['tracking number 1Z999AA10123456784', []],
  ['uuid 550e8400-e29b-41d4-a716-446655440000', []],
];

const CARDS: Case[] = [
  ['4111 1111 1111 1111', ['card']],
  ['4111-1111-1111-1111', ['card']],
  ['4111111111111111', ['card']],
  ['5555 5555 5555 4444', ['card']],
  ['5105105105105100', ['card']],
  ['2223 0031 2200 3222', ['card']],
  ['3782 822463 10005', ['card']],
  ['371449635398431', ['card']],
  ['6011 1111 1111 1117', ['card']],
  ['6011000990139424', ['card']],
  ['3530 1113 3330 0000', ['card']],
  ['30569309025904', ['card']],
  ['4012888888881881', ['card']],
  ['card=4242424242424242&exp=12', ['card']],
  ['Paid with 4000 0566 5566 5556', ['card']],
  ['4222222222222', ['card']],
];

const NOT_CARDS: Case[] = [
  ['4111 1111 1111 1112', []], // Luhn fails
  ['1234567890123456', []], // no issuer starts with 1
  ['1700000000000', []], // a timestamp in ms
  ['1718451200000', []],
  ['order 9876543210987654', []],
  ['0000000000000000', []],
  ['7777 7777 7777 7777', []],
  ['4111111111111', []], // Luhn fails, Visa length
  ['EAN 4006381333931', []], // a barcode: Visa prefix but Luhn fails
  ['amount 4,111,111,111.11', []],
  ['1.234.567.890.123.456', []],
  ['ref 5105105105105101', []],
  ['id=30000000000004x', []],
];

const NATIONAL_IDS: Case[] = [
  ['1 85 05 78 006 084 91', ['national-id']],
  ['185057800608491', ['national-id']],
  ['2 69 05 49 588 157 80', ['national-id']],
  ['269054958815780', ['national-id']],
  ['SSN 123-45-6789', ['national-id']],
  ['ssn: 078-05-1120', ['national-id']],
  ['NINO AB123456C', ['national-id']],
  ['AB 12 34 56 C', ['national-id']],
  ['JG103759A', ['national-id']],
];

const NOT_NATIONAL_IDS: Case[] = [
  ['185057800608492', []], // wrong key
  ['000-12-3456', []],
  ['666-12-3456', []],
  ['900-12-3456', []],
  ['123-00-4567', []],
  ['123-45-0000', []],
  ['2024-01-15', []],
  ['call 555-12-3456-7', []],
  ['DA123456A', []], // D is not a valid first letter
  ['AB123456E', []], // suffix A-D only
  ['product ab123456c', []],
];

const ADDRESSES: Case[] = [
  ['12 rue de la Paix, 75002 Paris', ['postal-address']],
  ['Livraison: 3 bis avenue Victor Hugo 69006 Lyon', ['postal-address']],
  ['10 Downing Street, London SW1A 2AA', ['postal-address']],
  ['221B Baker Street, London NW1 6XE', ['postal-address']],
  ['5 boulevard Haussmann 75009', ['postal-address']],
  ['7 Hauptstraße Berlin 10115', ['postal-address']],
  ['42 chemin des Vignes, 13100 Aix', ['postal-address']],
  ['1600 Amphitheatre Way, 94043', ['postal-address']],
];

const NOT_ADDRESSES: Case[] = [
  ['75002 Paris', []],
  ['Paris 75002', []],
  ['rue de la Paix', []],
  ['Top 10 street food spots in 2024', []],
  ['3 avenue des Champs', []],
  ['route 66 road trip', []],
  ['page 2, 12345 results', []],
];

const ORDINARY_TEXT: Case[] = [
  ['https://example.org/', []],
  ['https://shop.example.com/products/12345?color=red&size=42', []],
  ['Order #ORD-2024-000123 confirmed', []],
  ['Commande n° 100045678', []],
  ['Invoice INV/2024/0042', []],
  ['Total: 1 299,00 €', []],
  ['Price $1,234.56', []],
  ['€ 49.99 incl. VAT', []],
  ['2024-06-15T12:00:00Z', []],
  ['15 juin 2024', []],
  ['06/15/2024', []],
  ['Meeting 14:30-15:45', []],
  ['Add to cart', []],
  ['Video played 00:12:34', []],
  ['Download whitepaper-2024.pdf', []],
  ['/blog/2024/06/15/privacy-first-analytics', []],
  ['Search results for "running shoes"', []],
  ['SKU 8712345678906', []],
  ['ISBN 9782070368228', []],
  ['tracking 1Z999AA10123456784', []],
  ['session length 1234567 ms', []],
  ['pid=12345678&cid=87654321', []],
  ['Coordinates 48.8566, 2.3522', []],
  ['IPv4 192.168.0.0', []],
  ['v=3.2.1&build=20240615', []],
  ['Dimensions 1920x1080', []],
  ['Population: 67,390,000', []],
  ['Phone case for iPhone 15', []],
  ['Call us!', []],
  ['Room 101, floor 3', []],
  ['Chapter 12, verse 34', []],
  ['Score 98765432', []],
  ['batch 000000123456', []],
  ['12345678', []],
  ['a1b2c3d4e5f6a7b8', []],
  ['https://cdn.example.com/img/banner@2x.png?v=1718451200', []],
  ['/fr/compte/commandes/FR-000123456', []],
  ['Lot 2024-06-15-0001', []],
  ['Temperature: -12.5°C', []],
  ['Année 1985, 05 matchs', []],
  ['Black Friday -30% sur 1200 articles', []],
  ['Order 4567-8901-2345', []],
  ['Build 2024.06.15.1234', []],
  ['Flight AF1234 on 2024-06-15', []],
  ['Postcode search 75011', []],
  ['Quantity: 10000000 units', []],
  ['Hash 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', []],
  ['utm_content=banner_728x90', []],
  ['Rating 4.5/5 from 12,345 reviews', []],
  ['Article 1234567 du code civil', []],
  ['Ticket #123456789', []],
  ['Customer number C-0001234567', []],
  ['GTIN 00012345678905', []],
  ['Unix time 1718451200', []],
  ['Budget 2 500 000 €', []],
  ['Mon panier (3 articles) – 149,90 €', []],
];

const ALL: Case[] = [
  ...EMAILS,
  ...NOT_EMAILS,
  ...PHONES,
  ...NOT_PHONES,
  ...IBANS,
  ...NOT_IBANS,
  ...CARDS,
  ...NOT_CARDS,
  ...NATIONAL_IDS,
  ...NOT_NATIONAL_IDS,
  ...ADDRESSES,
  ...NOT_ADDRESSES,
  ...ORDINARY_TEXT,
];

describe('PII detectors', () => {
  it('has at least 200 cases, both positive and negative', () => {
    expect(ALL.length).toBeGreaterThanOrEqual(200);
    expect(ALL.filter(([, k]) => k.length === 0).length).toBeGreaterThanOrEqual(90);
  });

  it.each(ALL)('%s → %j', (text, kinds) => {
    expect(findPii(text).map((m) => m.kind)).toEqual(kinds);
  });

  it.each(ALL.filter(([, k]) => k.length > 0))('scrubbing %s leaves no detectable data behind', (text, kinds) => {
    const counted: string[] = [];
    const scrubbed = scrubText(text, (kind) => counted.push(kind));
    expect(counted).toEqual(kinds);
    expect(findPii(scrubbed)).toEqual([]);
    for (const kind of kinds) expect(scrubbed).toContain(`[${kind}]`);
  });

  it.each(ALL.filter(([, k]) => k.length === 0))('leaves %s untouched', (text) => {
    expect(scrubText(text)).toBe(text);
  });
});

describe('checksums', () => {
  it.each([
    ['4111111111111111', true],
    ['4111111111111112', false],
    ['79927398713', true],
    ['0', true],
  ])('luhn %s', (digits, ok) => expect(luhnValid(digits)).toBe(ok));

  it.each([
    ['FR7630006000011234567890189', true],
    ['fr76 3000 6000 0112 3456 7890 189', true],
    ['FR7630006000011234567890188', false],
    ['FR763000600001123456789018', false], // wrong length for FR
  ])('iban %s', (iban, ok) => expect(ibanValid(iban)).toBe(ok));
});

describe('scrubUrl', () => {
  const sensitive = sensitiveParameterMatcher(['customer_ref']);
  it.each([
    ['https://e.org/a?email=x&page=2', 'https://e.org/a?page=2', ['query-param']],
    ['https://e.org/a?Password=hunter2', 'https://e.org/a', ['query-param']],
    ['https://e.org/reset?reset_token=abc&x=1#top', 'https://e.org/reset?x=1#top', ['query-param']],
    ['https://e.org/a?Customer-Ref=42', 'https://e.org/a', ['query-param']],
    ['https://e.org/u/jane@doe.com?tab=2', 'https://e.org/u/[email]?tab=2', ['email']],
    ['https://e.org/s?q=call+%2B33612345678', 'https://e.org/s?q=call+[phone]', ['phone']],
    ['https://e.org/p/12345?ref=abc', 'https://e.org/p/12345?ref=abc', []],
    ['https://e.org/?session=1&sessionid=2&keep=3', 'https://e.org/?keep=3', ['query-param', 'query-param']],
  ])('%s', (url, expected, kinds) => {
    const counted: string[] = [];
    expect(scrubUrl(url, sensitive, (k) => counted.push(k))).toBe(expected);
    expect(counted).toEqual(kinds);
  });
});

describe('redactedExample', () => {
  it('never repeats the personal data it found', () => {
    const example = redactedExample('Thank you for your order, jane.doe@example.com, card 4111 1111 1111 1111');
    expect(example).not.toContain('jane.doe');
    expect(example).not.toContain('4111');
    expect(example).toContain('[email]');
  });
});
