// The Camera app: the viewfinder (what the camera last saw, the yellow frame round a code it read
// and the banner that opens it), the shutter and the front/back switch.

import type { View } from './node-builder.ts';
import { viewfinderRect } from './overlays.ts';

export const cameraView: View = (device, column) => {
  const finder = viewfinderRect(device);
  const { width, height } = device.profile.screen;
  column.add({
    type: 'XCUIElementTypeOther',
    name: 'Viewfinder',
    label: device.text('camera'),
    value: device.camera.side,
    rect: finder,
  });
  // The controls share what the viewfinder leaves above the home indicator.
  const controlsTop = finder.y + finder.height;
  const controlsBottom = height - device.profile.insets.bottom;
  const centreY = Math.round(controlsTop + Math.max(36, (controlsBottom - controlsTop) / 2));
  column.add({
    type: 'XCUIElementTypeButton',
    name: 'PhotoCapture',
    label: device.text('takePicture'),
    rect: { x: width / 2 - 33, y: Math.min(centreY - 33, height - 70), width: 66, height: 66 },
    look: { as: 'hidden' },
  });
  column.add({
    type: 'XCUIElementTypeButton',
    name: 'FrontBackFacingCameraChooser',
    label: device.text('switchCamera'),
    rect: { x: width - 80, y: Math.min(centreY - 24, height - 62), width: 48, height: 48 },
    onTap: () => {
      device.switchCamera();
    },
    look: { as: 'hidden' },
  });
};
