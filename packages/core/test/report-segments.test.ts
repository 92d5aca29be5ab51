import { describe, expect, it } from 'vitest';
import { isSillageError } from '../src/errors.js';
import { compileSegment, parseSegment } from '../src/reports/segments.js';

describe('parseSegment', () => {
  it.each([
    ['', []],
    ['countryCode==fr', [[{ name: 'countryCode', op: '==', value: 'fr' }]]],
    // OR binds tighter than AND: a;b,c = a AND (b OR c)
    [
      'countryCode==fr;browserCode==FF,browserCode==CH',
      [
        [{ name: 'countryCode', op: '==', value: 'fr' }],
        [
          { name: 'browserCode', op: '==', value: 'FF' },
          { name: 'browserCode', op: '==', value: 'CH' },
        ],
      ],
    ],
    ['visitCount<=3', [[{ name: 'visitCount', op: '<=', value: '3' }]]],
    ['visitCount>=3', [[{ name: 'visitCount', op: '>=', value: '3' }]]],
    ['visitCount<3', [[{ name: 'visitCount', op: '<', value: '3' }]]],
    ['visitCount>3', [[{ name: 'visitCount', op: '>', value: '3' }]]],
    ['pageUrl=@shop', [[{ name: 'pageUrl', op: '=@', value: 'shop' }]]],
    ['pageUrl!@shop', [[{ name: 'pageUrl', op: '!@', value: 'shop' }]]],
    ['pageUrl=^https', [[{ name: 'pageUrl', op: '=^', value: 'https' }]]],
    ['pageUrl=$.pdf', [[{ name: 'pageUrl', op: '=$', value: '.pdf' }]]],
    ['referrerName!=', [[{ name: 'referrerName', op: '!=', value: '' }]]],
    // URL-encoded values: ; and , inside a value do not split it
    ['pageTitle==a%3Bb%2Cc%20d', [[{ name: 'pageTitle', op: '==', value: 'a;b,c d' }]]],
    ['pageUrl==https%3A%2F%2Fx.org%2Fa%3Fq%3D1', [[{ name: 'pageUrl', op: '==', value: 'https://x.org/a?q=1' }]]],
    // A definition encoded as a whole (as some clients send it) is decoded first.
    [
      'countryCode%3D%3Dfr%3BvisitCount%3E1',
      [[{ name: 'countryCode', op: '==', value: 'fr' }], [{ name: 'visitCount', op: '>', value: '1' }]],
    ],
  ])('%s', (definition, expected) => {
    expect(parseSegment(definition)).toEqual(expected);
  });

  it.each([
    ['countryCode', 'countryCode'],
    ['countryCode~fr', 'countryCode~fr'],
    ['countryCode==fr;', 'countryCode==fr;'],
    ['countryCode==fr,,visitCount==1', 'countryCode==fr,,visitCount==1'],
    ['==fr', '==fr'],
    ['pageUrl==%E0%A4%A', 'pageUrl==%E0%A4%A'],
  ])('malformed %s: an error naming the offending part', (definition, part) => {
    try {
      parseSegment(definition);
      expect.unreachable();
    } catch (err) {
      expect(isSillageError(err, 'API_INVALID_SEGMENT')).toBe(true);
      expect((err as Error).message).toContain(`'${part}'`);
    }
  });
});

describe('compileSegment', () => {
  it('visit conditions are aggregates of the visit; action conditions need one matching action', () => {
    const c = compileSegment(parseSegment('countryCode==fr;pageUrl=@shop,eventCategory==video'));
    expect(c.having).toBe(
      '((argMax(country, seq) = {seg0:String})) AND ((countIf((action_type = 1) AND (toString(url) ILIKE {seg1:String})) > 0) OR (countIf((action_type = 2) AND (event_category = {seg2:String})) > 0))',
    );
    expect(c.params).toEqual({ seg0: 'fr', seg1: '%shop%', seg2: 'video' });
  });

  it.each([
    ['referrerType==search', '(toFloat64(argMax(ref_type, seq)) = {seg0:Float64})', { seg0: 2 }],
    ['visitorType==returning', '(toFloat64(min(visitor_returning)) = {seg0:Float64})', { seg0: 1 }],
    ['visitDuration>=60', '(toFloat64(max(visit_total_time)) >= {seg0:Float64})', { seg0: 60 }],
    ['referrerKeyword==', "(argMax(ref_keyword, seq) = '')", {}],
    ['referrerName!=', "(argMax(ref_name, seq) != '')", {}],
    // Page URLs compare without http(s):// and www., as Matomo stores them; LIKE wildcards in values are escaped.
    [
      'pageUrl=^https://www.a_b%25',
      "(countIf((action_type = 1) AND (toString(replaceRegexpOne(url, '(?i)^https?://(www[.])?', '')) ILIKE {seg0:String})) > 0)",
      { seg0: 'a\\_b\\%%' },
    ],
    [
      'entryPageUrl==http://x.org/',
      "(replaceRegexpOne(argMinIf(url, seq, action_type = 1), '(?i)^https?://(www[.])?', '') = {seg0:String})",
      { seg0: 'x.org/' },
    ],
    // Contains and ends-with need no regex: the prefix cannot change their answer.
    ['pageUrl=@https://shop', '(countIf((action_type = 1) AND (toString(url) ILIKE {seg0:String})) > 0)', { seg0: '%shop%' }],
    // != and !@ on an action dimension: visits with no matching action (Matomo 4+), not one differing action.
    ['pageUrl!@shop', '(countIf((action_type = 1) AND (toString(url) ILIKE {seg0:String})) = 0)', { seg0: '%shop%' }],
    ['eventName!=intro', '(countIf((action_type = 2) AND (event_name = {seg0:String})) = 0)', { seg0: 'intro' }],
    ['eventName!=', "(countIf((action_type = 2) AND (event_name != '')) > 0)", {}],
    // Visit dimensions keep the plain negation.
    ['referrerName!@goo', '(NOT (toString(argMax(ref_name, seq)) ILIKE {seg0:String}))', { seg0: '%goo%' }],
    // Matomo's lower-case device types, matched to the stored labels whatever the case.
    ['deviceType==smartphone', '(argMax(device_type, seq) = {seg0:String})', { seg0: 'Smartphone' }],
    ['deviceType==Feature%20Phone', '(argMax(device_type, seq) = {seg0:String})', { seg0: 'Feature phone' }],
    // Days of the week numbered as MySQL DAYOFWEEK (1 = Sunday), as Matomo's segment is.
    ['visitEndServerDayOfWeek==1', '(toFloat64(toDayOfWeek(toTimeZone(max(ts), {tz:String}), 3)) = {seg0:Float64})', { seg0: 1 }],
    ['dimension3==gold', '(countIf(dimensions[3] = {seg0:String}) > 0)', { seg0: 'gold' }],
  ])('%s', (definition, having, params) => {
    const c = compileSegment(parseSegment(definition));
    expect(c.having).toBe(`(${having})`);
    expect(c.params).toEqual(params);
  });

  it.each([
    ['nosuchThing==1', 'unknown segment "nosuchThing"'],
    ['referrerType==carrier', '"carrier" is not one of'],
    ['visitCount>=many', '"many" is not a number'],
    ['visitCount>', 'a comparison needs a value'],
    ['deviceType==phone', '"phone" is not one of desktop, smartphone, tablet'],
  ])('%s is refused', (definition, why) => {
    expect(() => compileSegment(parseSegment(definition))).toThrow(why);
  });
});

describe('continentCode', () => {
  it('maps the visit country to its continent in SQL', () => {
    const c = compileSegment(parseSegment('continentCode==eur'));
    expect(c.having).toMatch(/^\(\(transform\(argMax\(country, seq\), \[/);
    expect(c.having).toContain("'fr'");
    expect(c.params).toEqual({ seg0: 'eur' });
  });
});
