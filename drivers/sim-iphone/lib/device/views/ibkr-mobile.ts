// The IBKR Mobile app's screens: home, activation under way and done, a login to approve and its
// answer, the IB Key challenge/response module, IB Key stopped on this phone (key invalidated,
// moved away), and recovering or moving IB Key here. What the buttons do is in ../ibkr-app.ts.

import type { SimulatedIPhone } from '../device.ts';
import type { ScreenId } from '../screens.ts';
import { TYPE } from './ios-parts.ts';
import type { Column, NodeSpec, TextLook, View } from './node-builder.ts';

/** The app's own colours: IBKR red on white, near-black titles. */
export const IBKR_COLOURS = { red: '#d81222', ink: '#121212', body: '#4a4a4f', field: '#f4f4f6' };
/** The app's header bar (its logo) under the status bar. */
export const IBKR_HEADER_HEIGHT = 52;

const TITLE: TextLook = { ...TYPE.title2, colour: IBKR_COLOURS.ink };
const BODY: TextLook = { ...TYPE.body, size: 16, lineHeight: 22, colour: IBKR_COLOURS.body };

function primary(
  column: Column,
  name: string,
  label: string,
  onTap: NodeSpec['onTap'],
  more: Partial<NodeSpec> = {},
) {
  column.addButton(name, label, onTap, {
    ...more,
    look: {
      as: 'filledButton',
      tint: IBKR_COLOURS.red,
      text: { ...TYPE.headline, colour: '#ffffff', align: 'middle', maxLines: 1, inset: 14 },
    },
  });
}

function secondary(column: Column, name: string, label: string, onTap: NodeSpec['onTap']) {
  column.addButton(name, label, onTap, {
    look: {
      as: 'tintedButton',
      tint: IBKR_COLOURS.red,
      text: { ...TYPE.headline, colour: IBKR_COLOURS.red, align: 'middle', maxLines: 1, inset: 14 },
    },
  });
}

function doneButton(device: SimulatedIPhone, column: Column): void {
  primary(column, 'Done', device.text('done'), () => device.app.tapDone());
}

function recoverButton(device: SimulatedIPhone, column: Column): void {
  primary(column, 'Recover IB Key', device.text('recoverIbKey'), () => device.app.startRecovery('recover'));
}

const homeView: View = (device, column) => {
  column.addText('AppTitle', device.text('appHomeTitle'), TITLE);
  primary(column, 'IB Key', device.text('ibKeyButton'), () => device.app.openIbKeyModule(), {
    enabled: device.app.item !== undefined,
  });
  if (device.app.keyUsable()) return;
  recoverButton(device, column);
  secondary(column, 'Move IB Key', device.text('moveIbKey'), () => device.app.startRecovery('move'));
};

const keyInvalidatedView: View = (device, column) => {
  column.addText('KeyInvalidatedTitle', device.text('keyInvalidatedTitle'), TITLE);
  column.addText('KeyInvalidatedBody', device.text('keyInvalidatedBody'), BODY);
  recoverButton(device, column);
  secondary(column, 'Later', device.text('later'), () => device.go('back'));
};

const movedView: View = (device, column) => {
  column.addText('MovedTitle', device.text('movedTitle'), TITLE);
  column.addText('MovedBody', device.text('movedBody'), BODY);
  doneButton(device, column);
};

function recoveryTitle(device: SimulatedIPhone, column: Column): void {
  const move = device.app.recovery?.purpose === 'move';
  column.addText('RecoveryTitle', device.text(move ? 'moveIbKey' : 'recoverIbKey'), TITLE);
}

function recoveryNotice(device: SimulatedIPhone, column: Column): void {
  const notice = device.app.recovery?.notice;
  if (notice) column.addText('RecoveryNotice', notice, { ...BODY, size: 15, colour: IBKR_COLOURS.red });
}

/** A text field whose typed text lands in one of the recovery form's fields. */
function recoveryField(
  device: SimulatedIPhone,
  column: Column,
  spec: { name: string; label: string; field: 'username' | 'password' | 'code'; secure?: boolean },
): void {
  const recovery = device.app.recovery;
  const value = recovery?.[spec.field] ?? '';
  column.add({
    type: spec.secure ? 'XCUIElementTypeSecureTextField' : 'XCUIElementTypeTextField',
    name: spec.name,
    label: spec.label,
    value: spec.secure ? '•'.repeat(value.length) : value,
    onType: (text) => {
      if (recovery) recovery[spec.field] += text;
    },
    onClear: () => {
      if (recovery) recovery[spec.field] = '';
    },
  });
}

const recoveryView: View = (device, column) => {
  recoveryTitle(device, column);
  column.addText('RecoveryInstructions', device.text('recoveryInstructions'), BODY);
  recoveryField(device, column, {
    name: 'RecoveryUsername',
    label: device.text('usernameField'),
    field: 'username',
  });
  recoveryField(device, column, {
    name: 'RecoveryPassword',
    label: device.text('passwordField'),
    field: 'password',
    secure: true,
  });
  recoveryNotice(device, column);
  primary(column, 'Continue', device.text('continueButton'), () => device.app.submitRecoveryLogin());
  secondary(column, 'Cancel', device.text('cancel'), () => device.go('back'));
};

const recoveryCodeView: View = (device, column) => {
  recoveryTitle(device, column);
  column.addText(
    'SmsCodeInstructions',
    device.text('smsCodeInstructions', { digits: device.app.recovery?.phoneHint ?? '' }),
    BODY,
  );
  recoveryField(device, column, {
    name: 'RecoverySmsCode',
    label: device.text('smsCodeField'),
    field: 'code',
  });
  recoveryNotice(device, column);
  primary(column, 'Continue', device.text('continueButton'), () => device.app.submitRecoveryCode());
  secondary(column, 'Cancel', device.text('cancel'), () => device.go('back'));
};

const recoveredView: View = (device, column) => {
  const move = device.app.recovery?.purpose === 'move';
  column.gap(60);
  column.add({ type: 'XCUIElementTypeImage', name: 'SuccessCheckmark', label: '✓', height: 80 });
  column.addText('RecoverySuccessTitle', device.text(move ? 'movedHereTitle' : 'recoveredTitle'), TITLE);
  column.addText('RecoverySuccessBody', device.text('recoveredBody'), BODY);
  doneButton(device, column);
};

const activatingView: View = (device, column) => {
  column.add({
    type: 'XCUIElementTypeActivityIndicator',
    name: 'Activating',
    label: device.text('activatingTitle'),
  });
  column.addText('ActivatingTitle', device.text('activatingTitle'), { ...BODY, align: 'middle' });
};

const activatedView: View = (device, column) => {
  column.gap(60);
  column.add({ type: 'XCUIElementTypeImage', name: 'SuccessCheckmark', label: '✓', height: 80 });
  column.addText('ActivationSuccessTitle', device.text('activatedTitle'), TITLE);
  column.addText('ActivationSuccessBody', device.text('activatedBody'), BODY);
  doneButton(device, column);
};

const approvalView: View = (device, column) => {
  column.addText('ApprovalTitle', device.text('approvalTitle'), TITLE);
  column.addText('ApprovalBody', device.text('approvalBody'), BODY);
  primary(column, 'Approve', device.text('approve'), () => device.app.answerApproval('approve'));
  secondary(column, 'Deny', device.text('deny'), () => device.app.answerApproval('deny'));
  secondary(column, 'Later', device.text('later'), () => device.go('back'));
};

const answeredView: View = (device, column) => {
  const approved = device.app.answered === 'approved';
  column.addText('ApprovalResult', device.text(approved ? 'approvedTitle' : 'deniedTitle'), TITLE);
  doneButton(device, column);
};

const ibKeyView: View = (device, column) => {
  column.addText('IBKeyTitle', device.text('ibKeyButton'), TITLE);
  column.add({
    type: 'XCUIElementTypeTextField',
    name: 'ChallengeInput',
    label: device.text('challengeLabel'),
    value: device.app.challengeInput,
    onType: (text) => {
      device.app.challengeInput += text;
    },
    onClear: () => {
      device.app.challengeInput = '';
    },
  });
  primary(column, 'Generate Response', device.text('generateResponse'), () => device.app.generateResponse());
  if (device.app.response) {
    column.add({
      type: 'XCUIElementTypeStaticText',
      name: 'ChallengeResponse',
      label: device.text('responseLabel'),
      value: device.app.response,
      height: 64,
      look: { text: { ...TYPE.largeTitle, colour: IBKR_COLOURS.red, maxLines: 1 } },
    });
  }
  doneButton(device, column);
};

export const IBKR_MOBILE_VIEWS = {
  'ibkr.home': homeView,
  'ibkr.activating': activatingView,
  'ibkr.activated': activatedView,
  'ibkr.approval': approvalView,
  'ibkr.answered': answeredView,
  'ibkr.ibkey': ibKeyView,
  'ibkr.keyInvalidated': keyInvalidatedView,
  'ibkr.moved': movedView,
  'ibkr.recovery': recoveryView,
  'ibkr.recoveryCode': recoveryCodeView,
  'ibkr.recovered': recoveredView,
} satisfies Record<Extract<ScreenId, `ibkr.${string}`>, View>;
