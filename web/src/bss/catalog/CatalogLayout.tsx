import { Tabs } from "@mantine/core";
import { IconArrowUpRight, IconBuildingStore, IconPackage, IconTags } from "@tabler/icons-react";
import { Outlet, useLocation, useNavigate } from "react-router";
import { PageHeader } from "../../components/PageHeader.tsx";

const TABS = [
  { value: "/bss/catalogue", label: "Products", icon: IconPackage },
  { value: "/bss/catalogue/product-types", label: "Product types", icon: IconTags },
  { value: "/bss/catalogue/upgrade-paths", label: "Upgrade paths", icon: IconArrowUpRight },
  { value: "/bss/catalogue/publishing", label: "Publishing", icon: IconBuildingStore },
];

export function CatalogLayout() {
  const location = useLocation();
  const navigate = useNavigate();
  const current = TABS.find((t) => t.value === location.pathname.replace(/\/$/, ""))?.value ?? TABS[0]!.value;
  return (
    <>
      <PageHeader
        title="Catalogue"
        description="Products come from the service managers' services definitions, with their policies."
      />
      <Tabs value={current} onChange={(v) => v && navigate(v)}>
        <Tabs.List mb="md">
          {TABS.map((t) => (
            <Tabs.Tab key={t.value} value={t.value} leftSection={<t.icon size={16} aria-hidden />}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {/* Every tab controls a panel (aria-controls); the current one holds the page. */}
        {TABS.map((t) => (
          <Tabs.Panel key={t.value} value={t.value}>
            {t.value === current && <Outlet />}
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}
