-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'VIEWER';

