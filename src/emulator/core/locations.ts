// Region catalogue for GET /subscriptions/{id}/locations, values as Azure publishes them.
// Only zone-enabled physical regions, so every entry has the same shape as the Microsoft example.

export interface Region {
  name: string;
  displayName: string;
  regionalDisplayName: string;
  geography: string;
  geographyGroup: string;
  latitude: string;
  longitude: string;
  physicalLocation: string;
  pairedRegion: string;
}

export const REGIONS: readonly Region[] = [
  {
    name: 'eastus',
    displayName: 'East US',
    regionalDisplayName: '(US) East US',
    geography: 'United States',
    geographyGroup: 'US',
    latitude: '37.3719',
    longitude: '-79.8164',
    physicalLocation: 'Virginia',
    pairedRegion: 'westus',
  },
  {
    name: 'eastus2',
    displayName: 'East US 2',
    regionalDisplayName: '(US) East US 2',
    geography: 'United States',
    geographyGroup: 'US',
    latitude: '36.6681',
    longitude: '-78.3889',
    physicalLocation: 'Virginia',
    pairedRegion: 'centralus',
  },
  {
    name: 'centralus',
    displayName: 'Central US',
    regionalDisplayName: '(US) Central US',
    geography: 'United States',
    geographyGroup: 'US',
    latitude: '41.5908',
    longitude: '-93.6208',
    physicalLocation: 'Iowa',
    pairedRegion: 'eastus2',
  },
  {
    name: 'westus2',
    displayName: 'West US 2',
    regionalDisplayName: '(US) West US 2',
    geography: 'United States',
    geographyGroup: 'US',
    latitude: '47.233',
    longitude: '-119.852',
    physicalLocation: 'Washington',
    pairedRegion: 'westcentralus',
  },
  {
    name: 'westus3',
    displayName: 'West US 3',
    regionalDisplayName: '(US) West US 3',
    geography: 'United States',
    geographyGroup: 'US',
    latitude: '33.448376',
    longitude: '-112.074036',
    physicalLocation: 'Phoenix',
    pairedRegion: 'eastus',
  },
  {
    name: 'northeurope',
    displayName: 'North Europe',
    regionalDisplayName: '(Europe) North Europe',
    geography: 'Europe',
    geographyGroup: 'Europe',
    latitude: '53.3478',
    longitude: '-6.2597',
    physicalLocation: 'Ireland',
    pairedRegion: 'westeurope',
  },
  {
    name: 'westeurope',
    displayName: 'West Europe',
    regionalDisplayName: '(Europe) West Europe',
    geography: 'Europe',
    geographyGroup: 'Europe',
    latitude: '52.3667',
    longitude: '4.9',
    physicalLocation: 'Netherlands',
    pairedRegion: 'northeurope',
  },
  {
    name: 'uksouth',
    displayName: 'UK South',
    regionalDisplayName: '(Europe) UK South',
    geography: 'United Kingdom',
    geographyGroup: 'Europe',
    latitude: '50.941',
    longitude: '-0.799',
    physicalLocation: 'London',
    pairedRegion: 'ukwest',
  },
  {
    name: 'swedencentral',
    displayName: 'Sweden Central',
    regionalDisplayName: '(Europe) Sweden Central',
    geography: 'Sweden',
    geographyGroup: 'Europe',
    latitude: '60.67488',
    longitude: '17.14127',
    physicalLocation: 'Gävle',
    pairedRegion: 'swedensouth',
  },
  {
    name: 'southeastasia',
    displayName: 'Southeast Asia',
    regionalDisplayName: '(Asia Pacific) Southeast Asia',
    geography: 'Asia Pacific',
    geographyGroup: 'Asia Pacific',
    latitude: '1.283',
    longitude: '103.833',
    physicalLocation: 'Singapore',
    pairedRegion: 'eastasia',
  },
  {
    name: 'japaneast',
    displayName: 'Japan East',
    regionalDisplayName: '(Asia Pacific) Japan East',
    geography: 'Japan',
    geographyGroup: 'Asia Pacific',
    latitude: '35.68',
    longitude: '139.77',
    physicalLocation: 'Tokyo, Saitama',
    pairedRegion: 'japanwest',
  },
  {
    name: 'australiaeast',
    displayName: 'Australia East',
    regionalDisplayName: '(Asia Pacific) Australia East',
    geography: 'Australia',
    geographyGroup: 'Asia Pacific',
    latitude: '-33.86',
    longitude: '151.2094',
    physicalLocation: 'New South Wales',
    pairedRegion: 'australiasoutheast',
  },
];

/**
 * ARM wire shape of one region for one subscription. Logical-to-physical zone mapping differs per
 * subscription in Azure; a rotation derived from the subscription id imitates that.
 */
export function regionToArm(region: Region, subscriptionId: string): Record<string, unknown> {
  const rotation = parseInt(subscriptionId.replace(/-/g, '').slice(-2), 16) % 3;
  const locationId = (name: string): string => `/subscriptions/${subscriptionId}/locations/${name}`;
  return {
    id: locationId(region.name),
    name: region.name,
    type: 'Region',
    displayName: region.displayName,
    regionalDisplayName: region.regionalDisplayName,
    metadata: {
      regionType: 'Physical',
      regionCategory: 'Recommended',
      geography: region.geography,
      geographyGroup: region.geographyGroup,
      longitude: region.longitude,
      latitude: region.latitude,
      physicalLocation: region.physicalLocation,
      pairedRegion: [{ name: region.pairedRegion, id: locationId(region.pairedRegion) }],
    },
    availabilityZoneMappings: [1, 2, 3].map((logical) => ({
      logicalZone: String(logical),
      physicalZone: `${region.name}-az${((logical - 1 + rotation) % 3) + 1}`,
    })),
  };
}
