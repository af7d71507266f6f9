// The IBKR Mobile app's screens: home, activation under way and done, a login to approve and its
// answer, and the IB Key challenge/response module. What the buttons do is in ../ibkr-app.ts.

import type { SimulatedIPhone } from '../device.ts';
import type { ScreenId } from '../screens.ts';
import type { Column, View } from './node-builder.ts';

function doneButton(device: SimulatedIPhone, column: Column): void {
  column.addButton('Done', device.text('done'), () => device.app.tapDone());
}

const homeView: View = (device, column) => {
  column.addText('AppTitle', device.text('appHomeTitle'), 48);
  column.addButton('IB Key', device.text('ibKeyButton'), () => device.app.openIbKeyModule(), {
    enabled: device.app.item !== undefined,
  });
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
} satisfies Record<Extract<ScreenId, `ibkr.${string}`>, View>;
