#include "services/domain/uuid.h"

#include <gtest/gtest.h>

namespace chancery::domain {
namespace {

TEST(IsUuidTest, AcceptsCanonicalFormInEitherCase) {
  EXPECT_TRUE(IsUuid("0b6f1d2e-4c1a-4f3e-9a57-2f1c3d4e5f60"));
  EXPECT_TRUE(IsUuid("0B6F1D2E-4C1A-4F3E-9A57-2F1C3D4E5F60"));
  EXPECT_TRUE(IsUuid("0b6F1d2E-4c1a-4F3e-9a57-2f1c3d4e5f60"));
  EXPECT_TRUE(IsUuid("00000000-0000-0000-0000-000000000000"));  // Any version, nil too.
}

TEST(IsUuidTest, RejectsOtherForms) {
  EXPECT_FALSE(IsUuid(""));
  EXPECT_FALSE(IsUuid("0b6f1d2e4c1a4f3e9a572f1c3d4e5f60"));        // No dashes.
  EXPECT_FALSE(IsUuid("{0b6f1d2e-4c1a-4f3e-9a57-2f1c3d4e5f60}"));  // Braces.
  EXPECT_FALSE(IsUuid("urn:uuid:0b6f1d2e-4c1a-4f3e-9a57-2f1c3d4e5f60"));
  EXPECT_FALSE(IsUuid("0b6f1d2e-4c1a-4f3e-9a57-2f1c3d4e5f6"));    // Short.
  EXPECT_FALSE(IsUuid("0b6f1d2e-4c1a-4f3e-9a57-2f1c3d4e5f600"));  // Long.
  EXPECT_FALSE(IsUuid("0b6f1d2e-4c1a-4f3e-9a57-2f1c3d4e5f6g"));   // Not hex.
  EXPECT_FALSE(IsUuid("0b6f1d2e4-c1a-4f3e-9a57-2f1c3d4e5f60"));   // Dash misplaced.
  EXPECT_FALSE(IsUuid(" 0b6f1d2e-4c1a-4f3e-9a57-2f1c3d4e5f6"));
}

}  // namespace
}  // namespace chancery::domain
