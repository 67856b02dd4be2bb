import { Modal } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import type { ReactNode } from "react";

/**
 * A dialog that shows something (a delivery, an email, a secret) rather than a form: titled,
 * full screen at phone widths, and Escape or its close button give focus back to the opener.
 * Form dialogs are FormDialog.
 */
export function ViewDialog({
  opened,
  onClose,
  title,
  size = "lg",
  children,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  size?: string;
  children: ReactNode;
}) {
  const phone = useMediaQuery("(max-width: 36em)") ?? false;
  return (
    <Modal opened={opened} onClose={onClose} title={title} size={size} fullScreen={phone} returnFocus>
      {children}
    </Modal>
  );
}
