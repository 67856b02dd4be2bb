import { ThemeIcon } from "@mantine/core";
import { IconBox, IconSignature } from "@tabler/icons-react";

/** The product's logo in lists (R-DSH-03): Dropbox Sign or Dropbox, by name. */
export function ProductLogo({ name }: { name: string }) {
  const sign = /sign/i.test(name);
  return (
    <ThemeIcon variant="light" color={sign ? "grape" : "blue"} radius="md" size="md" aria-hidden>
      {sign ? <IconSignature size={18} /> : <IconBox size={18} />}
    </ThemeIcon>
  );
}
