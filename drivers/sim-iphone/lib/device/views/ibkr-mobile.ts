// The IBKR Mobile app's screens: home, activation under way and done, a login to approve and its
// answer, the IB Key challenge/response module, IB Key stopped on this phone (key invalidated,
// moved away), and recovering or moving IB Key here. What the buttons do is in ../ibkr-app.ts.

import type { SimulatedIPhone } from '../device.ts';
import type { ScreenId } from '../screens.ts';
import type { Column, View } from './node-builder.ts';

function doneButton(device: SimulatedIPhone, column: Column): void {
  column.addButton('Done', device.text('done'), () => device.app.tapDone());
}

function recoverButton(device: SimulatedIPhone, column: Column): void {
  column.addButton('Recover IB Key', device.text('recoverIbKey'), () => device.app.startRecovery('recover'));
}

const homeView: View = (device, column) => {
  column.addText('AppTitle', device.text('appHomeTitle'), 48);
  column.addButton('IB Key', device.text('ibKeyButton'), () => device.app.openIbKeyModule(), {
    enabled: device.app.item !== undefined,
  });
  if (device.app.keyUsable()) return;
  recoverButton(device, column);
  column.addButton('Move IB Key', device.text('moveIbKey'), () => device.app.startRecovery('move'));
};

const keyInvalidatedView: View = (device, column) => {
  column.addText('KeyInvalidatedTitle', device.text('keyInvalidatedTitle'), 60);
  column.addText('KeyInvalidatedBody', device.text('keyInvalidatedBody'), 80);
  recoverButton(device, column);
  column.addButton('Later', device.text('later'), () => device.go('back'));
};

const movedView: View = (device, column) => {
  column.addText('MovedTitle', device.text('movedTitle'), 60);
  column.addText('MovedBody', device.text('movedBody'), 60);
  doneButton(device, column);
};

function recoveryTitle(device: SimulatedIPhone, column: Column): void {
  const move = device.app.recovery?.purpose === 'move';
  column.addText('RecoveryTitle', device.text(move ? 'moveIbKey' : 'recoverIbKey'), 40);
}

function recoveryNotice(device: SimulatedIPhone, column: Column): void {
  const notice = device.app.recovery?.notice;
  if (notice) column.addText('RecoveryNotice', notice, 44);
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
  column.addText('RecoveryInstructions', device.text('recoveryInstructions'), 60);
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
  column.addButton('Continue', device.text('continueButton'), () => device.app.submitRecoveryLogin());
  column.addButton('Cancel', device.text('cancel'), () => device.go('back'));
};

const recoveryCodeView: View = (device, column) => {
  recoveryTitle(device, column);
  column.addText(
    'SmsCodeInstructions',
    device.text('smsCodeInstructions', { digits: device.app.recovery?.phoneHint ?? '' }),
    60,
  );
  recoveryField(device, column, {
    name: 'RecoverySmsCode',
    label: device.text('smsCodeField'),
    field: 'code',
  });
  recoveryNotice(device, column);
  column.addButton('Continue', device.text('continueButton'), () => device.app.submitRecoveryCode());
  column.addButton('Cancel', device.text('cancel'), () => device.go('back'));
};

const recoveredView: View = (device, column) => {
  const move = device.app.recovery?.purpose === 'move';
  column.gap(60);
  column.add({ type: 'XCUIElementTypeImage', name: 'SuccessCheckmark', label: '✓', height: 80 });
  column.addText('RecoverySuccessTitle', device.text(move ? 'movedHereTitle' : 'recoveredTitle'), 40);
  column.addText('RecoverySuccessBody', device.text('recoveredBody'), 60);
  doneButton(device, column);
};

const activatingView: View = (device, column) => {
  column.add({
    type: 'XCUIElementTypeActivityIndicator',
    name: 'Activating',
    label: device.text('activatingTitle'),
  });
  column.addText('ActivatingTitle', device.text('activatingTitle'));
};

const activatedView: View = (device, column) => {
  column.gap(60);
  column.add({ type: 'XCUIElementTypeImage', name: 'SuccessCheckmark', label: '✓', height: 80 });
  column.addText('ActivationSuccessTitle', device.text('activatedTitle'), 40);
  column.addText('ActivationSuccessBody', device.text('activatedBody'), 60);
  doneButton(device, column);
};

const approvalView: View = (device, column) => {
  column.addText('ApprovalTitle', device.text('approvalTitle'), 40);
  column.addText('ApprovalBody', device.text('approvalBody'), 60);
  column.addButton('Approve', device.text('approve'), () => device.app.answerApproval('approve'));
  column.addButton('Deny', device.text('deny'), () => device.app.answerApproval('deny'));
  column.addButton('Later', device.text('later'), () => device.go('back'));
};

const answeredView: View = (device, column) => {
  const approved = device.app.answered === 'approved';
  column.addText('ApprovalResult', device.text(approved ? 'approvedTitle' : 'deniedTitle'), 40);
  doneButton(device, column);
};

const ibKeyView: View = (device, column) => {
  column.addText('IBKeyTitle', device.text('ibKeyButton'), 40);
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
  column.addButton('Generate Response', device.text('generateResponse'), () => device.app.generateResponse());
  if (device.app.response) {
    column.add({
      type: 'XCUIElementTypeStaticText',
      name: 'ChallengeResponse',
      label: device.text('responseLabel'),
      value: device.app.response,
      height: 48,
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
