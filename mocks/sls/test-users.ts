// Test users come from a seeded faker, so the seed printed at start replays the same people (names,
// usernames, phone numbers). Their passwords do not: the seed is printed in every report and is
// small enough to search, so a password drawn from it could be found from the username alone.

import { randomBytes } from 'node:crypto';
import { base, en, Faker, fr } from '@faker-js/faker';
import { recordGeneratedSecret } from '../../common/index.ts';
import type { Locale } from '../../product/index.ts';

export interface TestUserData {
  username: string;
  displayName: string;
  password: string;
  phone: string;
  locale: Locale;
}

export class TestUserFactory {
  readonly #faker = {
    'fr-FR': new Faker({ locale: [fr, en, base] }),
    'en-US': new Faker({ locale: [en, base] }),
  };
  #count = 0;

  constructor(readonly seed: number) {
    this.#faker['fr-FR'].seed(seed);
    this.#faker['en-US'].seed(seed + 1);
  }

  next(locale: Locale = 'en-US'): TestUserData {
    const faker = this.#faker[locale];
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    this.#count += 1;
    const slug = `${firstName}.${lastName}`
      .normalize('NFD')
      .replace(/[^A-Za-z.]/g, '')
      .toLowerCase();
    const password = `Lab1-${randomBytes(16).toString('base64url')}`;
    recordGeneratedSecret('password', password);
    return {
      username: `${slug}${this.#count}`.slice(0, 60),
      displayName: `${firstName} ${lastName}`,
      password,
      phone: `+1555${String(faker.number.int({ min: 0, max: 9_999_999 })).padStart(7, '0')}`,
      locale,
    };
  }
}
