import { describe, expect, it } from 'vitest';
import { IBKR_BUNDLE_ID } from '../../../../product/index.ts';
import { simulatedPhone } from '../../test-support/simulated-phone.ts';
import { renderTree } from './element-tree.ts';
import { findNodes, InvalidSelectorError, parsePredicate } from './locators.ts';
import { pageSource } from './page-source.ts';
import { nextScreen, SCREENS, TRANSITIONS, TransitionError } from './screens.ts';

describe('screen transition table', () => {
  it('walks the activation journey of the article, screen by screen', () => {
    const journey: [Parameters<typeof nextScreen>[1], string][] = [
      ['openCamera', 'camera'],
      ['loadPageInSafari', 'safari'],
      ['showProductPage', 'appStore.product'],
      ['pressHome', 'springboard'],
      ['openCamera', 'camera'],
      ['activationLinkOpened', 'ibkr.activating'],
      ['activationSucceeded', 'ibkr.activated'],
      ['tapDone', 'ibkr.home'],
    ];
    let screen: (typeof SCREENS)[number] = 'springboard';
    for (const [event, expected] of journey) {
      screen = nextScreen(screen, event);
      expect(screen, `after ${event}`).toBe(expected);
    }
  });

  it('takes the error branch of activation back to the app home, and the approval branches', () => {
    expect(nextScreen('ibkr.activating', 'activationFailed')).toBe('ibkr.home');
    expect(nextScreen('ibkr.home', 'approvalOpened')).toBe('ibkr.approval');
    expect(nextScreen('ibkr.approval', 'approvalAnswered')).toBe('ibkr.answered');
    expect(nextScreen('ibkr.approval', 'back')).toBe('ibkr.home');
    expect(nextScreen('ibkr.answered', 'tapDone')).toBe('ibkr.home');
    expect(nextScreen('ibkr.home', 'openIbKeyModule')).toBe('ibkr.ibkey');
    expect(nextScreen('settings', 'openCameraSettings')).toBe('settings.camera');
    expect(nextScreen('settings.camera', 'back')).toBe('settings');
  });

  it('refuses a move the table does not have, naming the moves it does', () => {
    expect(() => nextScreen('camera', 'tapDone')).toThrow(TransitionError);
    expect(() => nextScreen('ibkr.activated', 'approvalAnswered')).toThrow(
      /cannot "approvalAnswered" from the ibkr.activated screen; it can: .*tapDone/,
    );
  });

  it('only names screens that exist', () => {
    for (const [from, , to] of TRANSITIONS) {
      if (from !== '*') expect(SCREENS).toContain(from);
      expect(SCREENS).toContain(to);
    }
  });
});

describe('the simulated iPhone without a network', () => {
  it('launches apps, reports XCUITest app states, keeps the keychain across an uninstall', async () => {
    const device = simulatedPhone({ installedApps: [IBKR_BUNDLE_ID] });
    expect(device.appState(IBKR_BUNDLE_ID)).toBe(1);
    await device.launch('com.apple.camera');
    expect(device.screen).toBe('camera');
    expect(device.appState('com.apple.camera')).toBe(4);
    device.pressHome();
    expect(device.appState('com.apple.camera')).toBe(3);
    device.keychain.set('ibkey', {
      privateKey: {} as never,
      boundToEnrollment: 1,
      deviceId: 'd',
      serverPublicKey: {} as never,
      portalBaseUrl: 'http://x',
    });
    expect(device.remove(IBKR_BUNDLE_ID)).toBe(true);
    expect(device.appState(IBKR_BUNDLE_ID)).toBe(0);
    expect(device.keychain.has('ibkey')).toBe(true);
    expect(() => device.remove('com.apple.camera')).toThrow(/system app/);
  });

  it('changes the biometric enrollment generation when enrollment changes (keys bound to it become unusable)', () => {
    const device = simulatedPhone();
    const before = device.biometrics.enrollment;
    device.enrollBiometric(true);
    expect(device.biometrics.enrollment).toBe(before);
    device.enrollBiometric(false);
    device.enrollBiometric(true);
    expect(device.biometrics.enrollment).toBe(before + 2);
  });

  it('ignores, as the Simulator does, a biometric match with no prompt up or of the wrong biometry, and says so in the transcript', async () => {
    const device = simulatedPhone();
    await device.sendBiometricMatch('faceId', true);
    expect(device.transcript.entries.at(-1)?.text).toMatch(
      /Face ID match sent; nothing happens: no Face ID prompt is up/,
    );
    device.go('activationLinkOpened');
    await device.flows.start(async () => {
      await device.flows.ask({
        kind: 'biometric',
        title: 'Face ID',
        buttons: [{ name: 'Cancel', label: 'Cancel', role: 'dismiss', answer: 'cancel' }],
      });
    });
    await device.sendBiometricMatch('touchId', true);
    expect(device.transcript.entries.at(-1)?.text).toMatch(/has Face ID, not Touch ID/);
    expect(device.prompt?.kind).toBe('biometric');
    await device.sendBiometricMatch('faceId', true);
    expect(device.prompt).toBeUndefined();
  });

  it('shows a notification as a banner when allowed, silently under Focus, and drops it when not allowed', () => {
    const device = simulatedPhone({ installedApps: [IBKR_BUNDLE_ID] });
    const payload = { aps: { alert: { title: 'IBKR Mobile', body: 'Login request' } } };
    expect(device.receiveRemoteNotification(payload).presented).toBe(false);
    expect(device.notifications).toHaveLength(0);
    device.setPermission(IBKR_BUNDLE_ID, 'notifications', 'yes');
    device.receiveRemoteNotification(payload);
    expect(device.banner).toMatchObject({ kind: 'notification' });
    device.banner = undefined;
    device.setSetting('focus', true);
    expect(device.receiveRemoteNotification(payload).presented).toBe(false);
    expect(device.banner).toBeUndefined();
    expect(device.notifications).toHaveLength(2);
  });

  it('writes the transcript without activation credentials', async () => {
    const device = simulatedPhone();
    await device.launch('com.apple.camera');
    device.transcript.add(
      'banner',
      'QR banner for http://127.0.0.1/ibkey/activate?v=1&s=K7Q2M9TX4B1C&c=AQIDBAUGBwgJCgsMDQ4PEBESExQ',
    );
    const text = JSON.stringify(device.transcript.entries);
    expect(text).not.toContain('AQIDBAUGBwgJCgsMDQ4PEBESExQ');
    expect(text).toContain('c=***');
    expect(device.transcript.entries[0]!.text).toContain('iPhone 15 (iOS 18.1, en-US)');
  });
});

describe('element tree and locators', () => {
  const device = simulatedPhone({ installedApps: [IBKR_BUNDLE_ID], locale: 'fr-FR' });
  const root = renderTree(device);

  it('renders the home screen as XCUITest elements with stable names and localized labels', () => {
    const camera = findNodes(root, 'accessibility id', 'Camera')[0]!;
    expect(camera).toMatchObject({
      type: 'XCUIElementTypeIcon',
      label: 'Appareil photo',
      enabled: true,
      visible: true,
    });
    expect(findNodes(root, 'class name', 'XCUIElementTypeIcon')).toHaveLength(5);
  });

  it('answers XPath over a well-formed page source', () => {
    const { xml } = pageSource(root);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><AppiumAUT><XCUIElementTypeApplication /);
    expect(findNodes(root, 'xpath', '//XCUIElementTypeIcon[@name="IBKR Mobile"]')).toHaveLength(1);
    expect(findNodes(root, 'xpath', '//XCUIElementTypeWindow/*[last()]')[0]!.name).toBe('IBKR Mobile');
    expect(() => findNodes(root, 'xpath', '//[')).toThrow(InvalidSelectorError);
    expect(() => findNodes(root, 'xpath', 'count(//*)')).toThrow(/selects a value, not elements/);
  });

  it.each([
    ['name == "Safari"', ['Safari']],
    ["label CONTAINS[c] 'photo'", ['Camera']],
    ['type == "XCUIElementTypeIcon" AND NOT (name BEGINSWITH "S")', ['Camera', 'App Store', 'IBKR Mobile']],
    ['name ENDSWITH "Mobile" OR name == "Camera"', ['Camera', 'IBKR Mobile']],
    ['name LIKE "App*"', ['App Store']],
    ["name MATCHES 'S[a-z]+ari'", ['Safari']],
    [
      'type == "XCUIElementTypeIcon" AND enabled == TRUE AND visible == 1',
      ['Camera', 'Settings', 'Safari', 'App Store', 'IBKR Mobile'],
    ],
  ])('finds %s with a predicate string', (predicate, names) => {
    expect(findNodes(root, '-ios predicate string', predicate).map((node) => node.name)).toEqual(names);
  });

  it.each([
    ['colour == "red"', /compares "colour"/],
    ['name ~= "x"', /Cannot read the predicate|uses "~"/],
    ['(name == "x"', /unclosed parenthesis/],
    ['name ==', /ends too early/],
  ])('says what is wrong with the predicate %s', (predicate, reason) => {
    expect(() => parsePredicate(predicate)).toThrow(reason);
  });

  it.each([
    ['**/XCUIElementTypeIcon[`name == "Safari"`]', ['Safari']],
    ['XCUIElementTypeWindow/XCUIElementTypeIcon[2]', ['Settings']],
    ['XCUIElementTypeWindow/XCUIElementTypeIcon[-1]', ['IBKR Mobile']],
    ['**/XCUIElementTypeAny[`name BEGINSWITH "App"`]', ['App Store']],
  ])('finds %s with a class chain', (chain, names) => {
    expect(findNodes(root, '-ios class chain', chain).map((node) => node.name)).toEqual(names);
  });

  it('refuses an unknown strategy and a malformed class chain', () => {
    expect(() => findNodes(root, 'link text', 'Safari')).toThrow(
      /"link text" is not a locator strategy of this driver/,
    );
    expect(() => findNodes(root, '-ios class chain', '**/XCUIElementTypeIcon[0]')).toThrow(
      /index that is not a whole number other than 0/,
    );
  });
});
