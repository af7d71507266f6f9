// The Camera app: the viewfinder the QR banner rises over, and the front/back switch.

import type { View } from './node-builder.ts';

export const cameraView: View = (device, column) => {
  column.add({
    type: 'XCUIElementTypeOther',
    name: 'Viewfinder',
    label: device.text('camera'),
    value: device.camera.side,
    height: Math.round(device.profile.screen.height * 0.55),
  });
  column.add({
    type: 'XCUIElementTypeButton',
    name: 'FrontBackFacingCameraChooser',
    label: device.text('switchCamera'),
    onTap: () => {
      device.switchCamera();
    },
  });
};
